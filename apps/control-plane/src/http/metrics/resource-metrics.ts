// metrics.k8s.io/v1beta1 NodeMetrics and PodMetrics, built as metrics-server builds them: from
// each node agent's stats summary (read through the gateway), joined with the API's own node
// and pod objects for names, labels and selectors. Summaries are kept for a few seconds so
// `kubectl top` in a loop does not make every agent read every cgroup each time.
import type { ApiObject } from '@stevedore/apiserver';
import { labelSelector } from '@stevedore/apiserver';
import type { Informer, PodMetrics, PodMetricsSource } from '@stevedore/controllers';
import { type AgentGateway, readNodeDocument } from '@stevedore/gateway';

interface CpuMemory {
  time?: string;
  cpu?: { time?: string; usageNanoCores?: number };
  memory?: { workingSetBytes?: number };
}

export interface Summary {
  node: { nodeName: string } & CpuMemory;
  pods: { podRef: { name: string; namespace: string; uid: string }; containers: ({ name: string } & CpuMemory)[] }[];
}

const CACHE_MS = 3000;
export const METRICS_API_VERSION = 'metrics.k8s.io/v1beta1';
const WINDOW = '10s';

export function cpuQuantity(nanoCores: number): string {
  return `${Math.round(nanoCores)}n`;
}

export function memoryQuantity(bytes: number): string {
  return `${Math.round(bytes / 1024)}Ki`;
}

function usageOf(c: CpuMemory): { cpu: string; memory: string } | undefined {
  if (c.cpu?.usageNanoCores === undefined || c.memory?.workingSetBytes === undefined) return undefined;
  return { cpu: cpuQuantity(c.cpu.usageNanoCores), memory: memoryQuantity(c.memory.workingSetBytes) };
}

function objectMeta(object: ApiObject) {
  const { name, namespace, labels } = object.metadata;
  return {
    name,
    ...(namespace ? { namespace } : {}),
    creationTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...(labels ? { labels } : {}),
  };
}

export class ResourceMetrics implements PodMetricsSource {
  private readonly cache = new Map<string, { at: number; summary: Promise<Summary | undefined> }>();

  constructor(
    private readonly gateway: AgentGateway,
    readonly nodes: Informer,
    readonly pods: Informer,
  ) {}

  /** Nodes whose agent is connected and has sampled twice; `name` narrows to one. */
  async nodeMetrics(query: { name?: string; labelSelector?: string }): Promise<object[]> {
    const wanted = labelSelector(query.labelSelector);
    const nodes = this.nodes.list((n) => (!query.name || n.metadata.name === query.name) && wanted(n));
    const items = await Promise.all(
      nodes.map(async (node) => {
        const summary = await this.summary(node.metadata.name);
        const usage = summary && usageOf(summary.node);
        return usage
          ? { metadata: objectMeta(node), timestamp: summary.node.cpu?.time ?? new Date().toISOString(), window: WINDOW, usage }
          : undefined;
      }),
    );
    return items.filter((i): i is NonNullable<typeof i> => !!i);
  }

  /** Running pods with usage for every container; `namespace` and `name` narrow. */
  async podMetrics(query: { namespace?: string; name?: string; labelSelector?: string }): Promise<PodMetrics[]> {
    const wanted = labelSelector(query.labelSelector);
    const pods = this.pods.list(
      (p) =>
        !!p.spec?.nodeName &&
        p.status?.phase === 'Running' &&
        wanted(p) &&
        (!query.namespace || p.metadata.namespace === query.namespace) &&
        (!query.name || p.metadata.name === query.name),
    );
    const byNode = new Map<string, ApiObject[]>();
    for (const pod of pods) byNode.set(pod.spec.nodeName, [...(byNode.get(pod.spec.nodeName) ?? []), pod]);
    const items = await Promise.all(
      [...byNode.entries()].map(async ([node, nodePods]) => {
        const summary = await this.summary(node);
        return nodePods.map((pod) => {
          const stats = summary?.pods.find((s) => s.podRef.uid === pod.metadata.uid);
          const measured = (stats?.containers ?? []).map((c) => ({ name: c.name, usage: usageOf(c) }));
          // As metrics-server does: a pod with any container unmeasured is left out, not shown as zero.
          if (!stats || !measured.length || measured.some((c) => !c.usage)) return undefined;
          const containers = measured.map((c) => ({ name: c.name, usage: c.usage! }));
          return {
            metadata: objectMeta(pod),
            timestamp: stats.containers[0]?.cpu?.time ?? new Date().toISOString(),
            window: WINDOW,
            containers,
          };
        });
      }),
    );
    return items.flat().filter((i): i is NonNullable<typeof i> => !!i);
  }

  private summary(node: string): Promise<Summary | undefined> {
    const hit = this.cache.get(node);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.summary;
    const summary = this.gateway.connectedNodes().includes(node)
      ? readNodeDocument(this.gateway, node, '/stats/summary').then(
          (doc) => (doc.code === 200 ? (JSON.parse(doc.body.toString('utf8')) as Summary) : undefined),
          () => undefined,
        )
      : Promise.resolve(undefined);
    this.cache.set(node, { at: Date.now(), summary });
    return summary;
  }
}
