import type { Pod } from '@stevedore/api';
import { withNominated } from './nominated';
import { DEFAULT_PLUGINS, type PluginSet } from './plugins/registry';
import type { FilterPlugin, NodeInfo, ScheduleResult, Snapshot } from './types';

/**
 * How many feasible nodes to find before scoring, as kube-scheduler's adaptive
 * percentageOfNodesToScore: all nodes in small clusters, a shrinking share (at least 5 %
 * and 100 nodes) in large ones, which keeps a decision cheap at thousands of nodes.
 */
export function feasibleNodesToFind(total: number): number {
  if (total < 100) return total;
  const percent = Math.max(5, 50 - Math.floor(total / 125));
  return Math.max(100, Math.floor((total * percent) / 100));
}

/** Formats the FailedScheduling message, most common reason first. */
export function unschedulableMessage(total: number, reasons: Record<string, number>): string {
  const parts = Object.entries(reasons)
    .sort(([ra, a], [rb, b]) => b - a || ra.localeCompare(rb))
    .map(([reason, count]) => `${count} ${reason}`);
  return `0/${total} nodes are available: ${parts.join(', ')}.`;
}

function firstFailure(filters: readonly FilterPlugin[], pod: Pod, node: NodeInfo, snapshot: Snapshot): string | undefined {
  for (const plugin of filters) {
    const status = plugin.filter(pod, node, snapshot);
    if (status) return status.reason;
  }
  return undefined;
}

/**
 * A pure scheduling decision: pod + snapshot → node or a reasoned refusal. Holds only the
 * round-robin position so that successive pods start their search at different nodes.
 */
export class Scheduler {
  private next = 0;

  constructor(private readonly plugins: PluginSet = DEFAULT_PLUGINS) {}

  schedule(pod: Pod, snapshot: Snapshot): ScheduleResult {
    const nodes = snapshot.nodes;
    if (nodes.length === 0) return { outcome: 'Unschedulable', message: 'no nodes available to schedule pods', reasons: {} };
    const wanted = feasibleNodesToFind(nodes.length);
    const filters = this.plugins.filters.filter((p) => p.appliesTo?.(pod, snapshot) ?? true);
    for (const plugin of filters) {
      const status = plugin.preFilter?.(pod);
      if (status) return { outcome: 'Unschedulable', message: `0/${nodes.length} nodes are available: ${status.reason}.`, reasons: {} };
    }
    const feasible: NodeInfo[] = [];
    const reasons: Record<string, number> = {};
    let evaluated = 0;
    const start = this.next % nodes.length;
    for (; evaluated < nodes.length && feasible.length < wanted; evaluated++) {
      const node = nodes[(start + evaluated) % nodes.length]!;
      const failure = firstFailure(filters, pod, withNominated(pod, node, snapshot), snapshot);
      if (failure) reasons[failure] = (reasons[failure] ?? 0) + 1;
      else feasible.push(node);
    }
    this.next = start + evaluated;
    if (feasible.length === 0) return { outcome: 'Unschedulable', message: unschedulableMessage(nodes.length, reasons), reasons };
    const best = this.pickBest(pod, feasible, snapshot);
    return { outcome: 'Scheduled', nodeName: best.name, feasibleNodes: feasible.length, evaluatedNodes: evaluated };
  }

  private pickBest(pod: Pod, feasible: NodeInfo[], snapshot: Snapshot): NodeInfo {
    const scores = this.plugins.scores.filter((p) => p.appliesTo?.(pod) ?? true);
    if (feasible.length === 1 || scores.length === 0) return feasible[0]!;
    const totals = new Array<number>(feasible.length).fill(0);
    for (const plugin of scores) {
      if (plugin.normalize) {
        const scaled = normalized(feasible.map((node) => plugin.score(pod, node, snapshot)));
        for (let i = 0; i < feasible.length; i++) totals[i]! += plugin.weight * scaled[i]!;
      } else {
        for (let i = 0; i < feasible.length; i++) totals[i]! += plugin.weight * plugin.score(pod, feasible[i]!, snapshot);
      }
    }
    let best = 0;
    for (let i = 1; i < feasible.length; i++) if (totals[i]! > totals[best]!) best = i;
    return feasible[best]!;
  }
}

/**
 * Scales scores to 0–100 over the nodes (all equal: all 0, so the plugin decides nothing). A
 * node scored -Infinity is outside what the plugin ranks (no topology label) and gets 0.
 */
function normalized(raw: number[]): number[] {
  const ranked = raw.filter(Number.isFinite);
  if (!ranked.length) return raw.map(() => 0);
  const min = Math.min(...ranked);
  const span = Math.max(...ranked) - min;
  return raw.map((s) => (!Number.isFinite(s) || span === 0 ? 0 : Math.round(((s - min) * 100) / span)));
}
