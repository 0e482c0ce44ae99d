// --node-monitor-grace-period and --pod-eviction-timeout for `up` and `control-plane`.
import type { Command } from 'commander';

export interface NodeMonitoringOptions {
  nodeMonitorGracePeriod?: string;
  podEvictionTimeout?: string;
}

export function addNodeMonitoringOptions(command: Command): Command {
  return command
    .option('--node-monitor-grace-period <seconds>', 'a node silent this long becomes NotReady; agents renew their lease 4 times per period (default 40, as Kubernetes)')
    .option('--pod-eviction-timeout <seconds>', 'pods on a NotReady node are replaced after this (default 300, as Kubernetes)');
}

/** The config fields for the options given; absent ones keep the control plane's defaults. */
export function nodeMonitoring(opts: NodeMonitoringOptions): { nodeMonitorGracePeriodSeconds?: number; podEvictionTimeoutSeconds?: number } {
  return {
    ...(opts.nodeMonitorGracePeriod !== undefined ? { nodeMonitorGracePeriodSeconds: seconds('--node-monitor-grace-period', opts.nodeMonitorGracePeriod, 2) } : {}),
    ...(opts.podEvictionTimeout !== undefined ? { podEvictionTimeoutSeconds: seconds('--pod-eviction-timeout', opts.podEvictionTimeout, 0) } : {}),
  };
}

function seconds(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be a whole number of seconds, at least ${min}, not "${value}"`);
  return n;
}
