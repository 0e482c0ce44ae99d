import { podHostsFile } from './pod-etc-files';

const pod = (spec: object) => ({ metadata: { name: 'web-1', namespace: 'shop' }, spec });

describe('pod hosts file', () => {
  it("names the pod's address by hostname, with its FQDN under a subdomain, then its hostAliases", () => {
    const text = podHostsFile(
      pod({ hostname: 'web-1', subdomain: 'nginx', hostAliases: [{ ip: '198.18.0.7', hostnames: ['db', 'db.local'] }] }),
      '198.19.1.5',
      'cluster.local',
    )!;
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('# Kubernetes-managed hosts file.');
    expect(lines).toContain('198.19.1.5\tweb-1.nginx.shop.svc.cluster.local\tweb-1');
    expect(lines.slice(-2)).toEqual(['# Entries added by HostAliases.', '198.18.0.7\tdb\tdb.local']);
  });

  it('uses the pod name without a hostname and leaves hostNetwork pods the node file', () => {
    expect(podHostsFile(pod({}), '198.19.1.5', 'cluster.local')).toContain('198.19.1.5\tweb-1\n');
    expect(podHostsFile(pod({ hostNetwork: true }), undefined, 'cluster.local')).toBeUndefined();
  });
});
