// Everything the agent exposes about itself and its containers, per agent (never the process's
// global registry): /metrics (the agent), /metrics/cadvisor (containers), /stats/summary (JSON
// for metrics.k8s.io). Served through the control plane's node proxy and, optionally, a
// read-only port on localhost.

import type { Logger } from '@stevedore/log';
import { EXPOSITION_CONTENT_TYPE, exposition, type MetricsRoute } from '@stevedore/metrics';
import type { ImageService } from '@stevedore/oci';
import type { ContainerRuntime } from '@stevedore/runtime';
import * as os from 'os';
import type { Observable } from 'rxjs';
import type { DesiredPods } from '../cluster/gateway-client';
import { AgentMetrics } from './agent-metrics';
import { CadvisorMetrics } from './cadvisor-metrics';
import { instrumentImages, instrumentRuntime } from './instrument';
import { PodStartTracker } from './pod-start-tracker';
import { StatsSampler } from './stats-sampler';
import { statsSummary } from './stats-summary';

export interface NodeMetricsOptions {
  nodeName: string;
  /** Shown in the containers' `id` label (their cgroup path). */
  cgroupParent?: string;
  samplePeriodMs?: number;
  /** For samples and measurements that fail (`agent` by default). */
  log?: Logger;
}

export class NodeMetrics {
  readonly agent: AgentMetrics;
  readonly cadvisor: CadvisorMetrics;
  readonly sampler: StatsSampler;
  /** The runtime and image store to hand to the pod workers: the same ones, timed. */
  readonly runtime: ContainerRuntime;
  readonly images: ImageService;
  private readonly bootTime = new Date(Date.now() - os.uptime() * 1000);

  constructor(
    runtime: ContainerRuntime,
    images: ImageService,
    private readonly opts: NodeMetricsOptions,
  ) {
    this.agent = new AgentMetrics(runtime, images, { log: opts.log });
    this.cadvisor = new CadvisorMetrics(opts.cgroupParent);
    this.sampler = new StatsSampler(runtime, opts.samplePeriodMs, undefined, opts.log);
    this.runtime = instrumentRuntime(runtime, this.agent);
    this.images = instrumentImages(images, this.agent);
  }

  trackPodStarts(desired: Observable<DesiredPods>): void {
    new PodStartTracker(this.runtime, this.agent, desired, this.opts.log);
  }

  /** The documents by path, as the kubelet serves them. */
  routes(): Record<string, MetricsRoute> {
    return {
      '/metrics': { contentType: EXPOSITION_CONTENT_TYPE, body: () => exposition(this.agent.registry) },
      '/metrics/cadvisor': {
        contentType: EXPOSITION_CONTENT_TYPE,
        body: async () => {
          this.cadvisor.update(await this.sampler.readNow());
          return exposition(this.cadvisor.registry);
        },
      },
      '/stats/summary': {
        contentType: 'application/json',
        body: async () => JSON.stringify(statsSummary(this.opts.nodeName, this.sampler, this.bootTime)),
      },
    };
  }

  stop(): void {
    this.sampler.stop();
  }
}
