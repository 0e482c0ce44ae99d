// A pod range of a cluster's own, for suites whose pods talk to the host (Prometheus scraping a
// pod, pods asking the node's DNS server on the bridge address): test clusters running at the
// same time all take 198.19.0.0/24 first, and replies from the host would follow another
// cluster's bridge route.
export function ownPodRange(): string {
  return `198.19.${4 * (16 + Math.floor(Math.random() * 46))}.0/22`;
}
