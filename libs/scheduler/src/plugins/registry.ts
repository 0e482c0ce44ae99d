// The built-in plugins, in the order they run. Filters that fail fast on cheap checks come first.
import type { FilterPlugin, ScorePlugin } from '../types';
import { interPodAffinity, interPodAffinityPreference } from './inter-pod-affinity';
import { nodeAffinity, preferredNodeAffinity } from './node-affinity';
import { nodeName, nodePorts, nodeReady, nodeUnschedulable } from './node-basics';
import { leastAllocated, nodeResourcesFit } from './node-resources-fit';
import { ownerSpread } from './owner-spread';
import { podTopologySpread, podTopologySpreadPreference } from './pod-topology-spread';
import { preferNoScheduleTaints, taintToleration } from './taint-toleration';

export interface PluginSet {
  filters: readonly FilterPlugin[];
  scores: readonly ScorePlugin[];
}

export const DEFAULT_PLUGINS: PluginSet = {
  filters: [
    nodeName,
    nodeUnschedulable,
    nodeReady,
    taintToleration,
    nodeAffinity,
    nodePorts,
    nodeResourcesFit,
    podTopologySpread,
    interPodAffinity,
  ],
  scores: [
    leastAllocated,
    ownerSpread,
    preferredNodeAffinity,
    preferNoScheduleTaints,
    interPodAffinityPreference,
    podTopologySpreadPreference,
  ],
};
