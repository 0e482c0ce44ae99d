// Each node's NetworkPolicy rules, from the policy, pod and namespace informers. The rules are
// computed for every node at once (one pass over the policies and pods per change, throttled as
// every cluster feed is) and each session takes its own node's share, sent only when it changes:
// a pod's status write elsewhere in the cluster reaches a node only if it changes that node's rules.
import type { Namespace, NetworkPolicy, Pod } from '@stevedore/api';
import type { Informer } from '@stevedore/controllers';
import type { PolicyTarget } from '@stevedore/proto';
import { distinctUntilChanged, map, type Observable } from 'rxjs';
import { ClusterFeed } from './cluster-feeds';
import { policyTargetsByNode } from './network-policy-rules';

export class NetworkPolicyFeed {
  private readonly feed: ClusterFeed<Record<string, PolicyTarget[]>>;

  constructor(policies: Informer<NetworkPolicy>, pods: Informer<Pod>, namespaces: Informer<Namespace>) {
    this.feed = new ClusterFeed([policies, pods, namespaces], () =>
      Object.fromEntries(policyTargetsByNode({ policies: policies.list(), pods: pods.list(), namespaces: namespaces.list() })),
    );
  }

  /** The rules for this node's pods: the current ones, then each change. */
  forNode(node: string): Observable<PolicyTarget[]> {
    return this.feed.changes$.pipe(
      map((all) => all[node] ?? []),
      distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
    );
  }

  close(): void {
    this.feed.close();
  }
}
