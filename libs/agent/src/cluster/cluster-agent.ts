// The node agent's cluster half: the session with the control plane, the pod sync loop and
// the stream server, wired together over one node's runtime and image store.

import { parseResolvConf, type ResolvConf, type Upstream } from '@stevedore/dns';
import type { Logger } from '@stevedore/log';
import { NetworkPolicyEnforcer, NodeRoutes, PodNetwork, ServiceProxy } from '@stevedore/network';
import type { ImageService } from '@stevedore/oci';
import type { ServiceProxy as ServiceProxyEntry } from '@stevedore/proto';
import type { ContainerRuntime } from '@stevedore/runtime';
import * as path from 'path';
import { NodeMetrics } from '../metrics/node-metrics';
import { LABELS, type PodHost } from '../pods/pod-host';
import { PodManager } from '../pods/pod-manager';
import type { Obj } from '../pods/pod-status';
import { StartSlots } from '../pods/start-slots';
import { recordFootprint } from '../teardown/node-footprint';
import { DEFAULT_MIN_FREE_DISK_PERCENT, DiskPressureMonitor } from './disk-pressure';
import { GatewayClient } from './gateway-client';
import { LocalVolumeSweeper } from './local-volumes';
import { describeNode, nodeConditions } from './node-description';
import { DNS_PORT, NodeDns } from './node-dns';
import { NodeIngress } from './node-ingress';
import { StreamServer } from './stream-server';

export interface ClusterAgentOptions {
  /** host:port of every control plane's agent gateway. */
  addresses: string[];
  token: string;
  caCert: string;
  nodeName: string;
  hostIP: string;
  dataDir: string;
  runtimeVersion: string;
  labels?: Record<string, string>;
  /** Pods this node takes (the Node's pods capacity; Kubernetes: 110). */
  maxPods?: number;
  /** Pod networking through CNI (off for hollow nodes). */
  podNetwork?: { bridge: string; cniPath?: string };
  /** Cluster DNS on this node (networked nodes only): where names outside the cluster go, and the resolv.conf pods with dnsPolicy Default get. */
  dns?: { upstreams: Upstream[]; nodeResolvConf: ResolvConf };
  /** The built-in ingress controller's ports on hostIP (networked nodes only; 0 turns one off). */
  ingress?: { httpPort: number; httpsPort: number };
  backoff?: { baseMs: number; capMs: number };
  /** Pods set up and started at once (the rest wait their turn); unbounded when absent. */
  parallelPodStarts?: number;
  /** Free space (percent of the data directory's file system) below which the node reports DiskPressure; default 10. */
  minFreeDiskPercent?: number;
  /** The agent's logger; the pod network and the Service proxy log as components of their own. */
  log: Logger;
}

export class ClusterAgent {
  readonly client: GatewayClient;
  readonly pods: PodManager;
  readonly metrics: NodeMetrics;
  private readonly host: PodHost;
  private routes?: NodeRoutes;
  private readonly serviceProxy?: ServiceProxy;
  private readonly policies?: NetworkPolicyEnforcer;
  private readonly nodeName: string;
  private services: ServiceProxyEntry[] = [];
  private readonly dns?: NodeDns;
  private readonly ingress?: NodeIngress;
  /** The kube-dns Service's address, which this node answers itself. */
  private clusterDns = '';
  /** Local-path volumes and the disk they live on: only nodes that run real containers keep any. */
  private readonly localVolumes?: { sweeper: LocalVolumeSweeper; disk: DiskPressureMonitor };

  constructor(options: ClusterAgentOptions, runtime: ContainerRuntime, images: ImageService) {
    this.nodeName = options.nodeName;
    this.metrics = new NodeMetrics(runtime, images, { nodeName: options.nodeName, log: options.log });
    ({ runtime, images } = this.metrics);
    const volumeDir = options.podNetwork ? path.join(options.dataDir, 'volumes') : undefined;
    if (volumeDir) {
      const sendPressure = (pressure: boolean) =>
        this.client.send({ nodeStatus: { nodeJson: JSON.stringify({ status: { conditions: nodeConditions(pressure) } }) } });
      this.localVolumes = {
        sweeper: new LocalVolumeSweeper(volumeDir, (name) => this.client.fetch('PersistentVolume', '', name), options.log),
        disk: new DiskPressureMonitor(
          options.dataDir,
          options.minFreeDiskPercent ?? DEFAULT_MIN_FREE_DISK_PERCENT,
          sendPressure,
          options.log,
        ),
      };
    }
    this.client = new GatewayClient({
      addresses: options.addresses,
      token: options.token,
      caCert: options.caCert,
      nodeName: options.nodeName,
      log: options.log,
      wantsPeerRoutes: !!options.podNetwork,
      describeNode: () => {
        // Registering tells the control plane the current disk state: no separate report is owed.
        this.localVolumes?.disk.registered();
        return describeNode({
          name: options.nodeName,
          hostIP: options.hostIP,
          runtimeVersion: options.runtimeVersion,
          labels: options.labels,
          maxPods: options.maxPods,
          volumeDir,
          diskPressure: this.localVolumes?.disk.pressure,
        });
      },
    });
    const host: PodHost = {
      runtime,
      images,
      nodeName: options.nodeName,
      hostIP: options.hostIP,
      services: () => this.services,
      podsDir: path.join(options.dataDir, 'pods'),
      seccompDir: path.join(options.dataDir, 'seccomp'),
      backoff: options.backoff ?? { baseMs: 10_000, capMs: 300_000 },
      startSlots: options.parallelPodStarts ? new StartSlots(options.parallelPodStarts) : undefined,
      config: {
        configMap: (namespace, name) => this.client.fetch('ConfigMap', namespace, name),
        secret: (namespace, name) => this.client.fetch('Secret', namespace, name),
        claim: (namespace, name) => this.client.fetch('PersistentVolumeClaim', namespace, name),
        volume: (name) => this.client.fetch('PersistentVolume', '', name),
        serviceAccountToken: (pod, audience, expirationSeconds) =>
          this.client.podToken({
            namespace: pod.metadata.namespace,
            pod: pod.metadata.name,
            podUid: pod.metadata.uid,
            audience,
            expirationSeconds,
          }),
      },
      reportStatus: (pod, status) =>
        this.client.send({
          podStatus: {
            namespace: pod.metadata.namespace,
            name: pod.metadata.name,
            uid: pod.metadata.uid,
            statusJson: JSON.stringify(status),
          },
        }),
      reportTerminated: (pod) =>
        this.client.send({
          podStatus: { namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid, terminated: true },
        }),
      event: (pod, type, reason, message, fieldPath) => this.event(pod, type, reason, message, fieldPath),
      log: options.log,
    };
    this.host = host;
    this.pods = new PodManager(host);
    const streams = new StreamServer(
      runtime,
      (id) => this.client.openTunnel(id),
      options.log,
      () => this.metrics.routes(),
    );
    this.metrics.trackPodStarts(this.client.desired$);
    this.client.streamRequests$.subscribe((request) => streams.handle(request));
    this.client.connected$.subscribe(({ podCidr, clusterDns, clusterDomain }) => {
      if (options.podNetwork && podCidr && !host.network) {
        host.network = new PodNetwork({
          podCidr,
          bridge: options.podNetwork.bridge,
          stateDir: path.join(options.dataDir, 'cni'),
          cniPath: options.podNetwork.cniPath,
        });
        this.routes = new NodeRoutes({ podCidr, hostIp: options.hostIP }, options.log.child({ component: 'network' }));
        // `stevedore down` needs the range to release the pods' addresses through CNI.
        recordFootprint(options.dataDir, { podCidr }).catch((err) =>
          options.log.warn('cannot record the pod range for stevedore down', { err }),
        );
      }
      if (host.network && options.dns && clusterDns)
        void this.serveDns(host.network, options.dns.nodeResolvConf, clusterDns, clusterDomain);
      this.pods.resendAll();
      // A disk state that changed while the session was down goes out now, not at the next check.
      void this.localVolumes?.disk.check();
    });
    this.client.peerRoutes$.subscribe((peers) => void this.routes?.sync(peers));
    this.client.resync$.subscribe(() => this.pods.resendAll());
    // Every networked node proxies Services itself, as kube-proxy runs on every Kubernetes node.
    if (options.podNetwork) this.serviceProxy = new ServiceProxy(options.nodeName, options.log.child({ component: 'service-proxy' }));
    // And enforces the NetworkPolicies of its own pods, as a CNI's policy agent does on each node.
    if (options.podNetwork) this.policies = new NetworkPolicyEnforcer(options.nodeName, options.log.child({ component: 'network-policy' }));
    this.client.policies$.subscribe((targets) => void this.policies?.sync(targets));
    if (options.podNetwork && options.dns)
      this.dns = new NodeDns({
        upstreams: options.dns.upstreams,
        registry: this.metrics.agent.registry,
        log: options.log.child({ component: 'dns' }),
      });
    this.client.services$.subscribe((services) => {
      this.services = services;
      this.syncProxy();
    });
    this.client.dns$.subscribe((records) => this.dns?.update(records));
    if (options.podNetwork && (options.ingress?.httpPort || options.ingress?.httpsPort))
      this.ingress = new NodeIngress({ address: options.hostIP, ...options.ingress, log: options.log.child({ component: 'ingress' }) });
    this.client.ingress$.subscribe((config) => this.ingress?.update(config));
    runtime.events$.subscribe((event) => {
      if (event.type !== 'exited' && event.type !== 'oom') return;
      runtime.inspect(event.id).then(
        (info) => this.pods.worker(info.labels[LABELS.podUid] ?? '')?.kick(),
        () => undefined,
      );
    });
  }

  /** The Service rules, with the kube-dns address sent to this node's own DNS server once it listens. */
  private syncProxy(): void {
    const local = this.dns?.address;
    const services = this.services.map((s) =>
      local && s.clusterIp === this.clusterDns && s.port === DNS_PORT
        ? { ...s, endpoints: [{ ip: local, port: DNS_PORT, nodeName: this.nodeName }] }
        : s,
    );
    void this.serviceProxy?.sync(services);
  }

  private async serveDns(network: PodNetwork, nodeResolvConf: ResolvConf, clusterDns: string, domain: string): Promise<void> {
    this.clusterDns = clusterDns;
    this.host.dns = { cluster: { nameserver: clusterDns, domain }, node: nodeResolvConf };
    try {
      await this.dns!.listen(await network.ensureBridge(), domain);
      this.syncProxy();
    } catch (err) {
      // Pods still start; their lookups of the kube-dns address go unanswered until the agent restarts.
      this.host.log.error('cannot serve cluster DNS on this node', { err });
    }
  }

  /** Pods wait for the network until the control plane has given this node its pod CIDR. */
  start(): void {
    this.pods.follow({ subscribe: (observer) => this.client.desired$.subscribe(observer) });
    this.client.start();
    void this.ingress?.start();
    this.localVolumes?.sweeper.start();
    this.localVolumes?.disk.start();
    void this.localVolumes?.disk.check();
  }

  stop(): void {
    this.localVolumes?.sweeper.stop();
    this.localVolumes?.disk.stop();
    this.pods.stop();
    this.client.close();
    this.metrics.stop();
    void this.dns?.stop().catch((err) => this.host.log.warn("cannot stop the node's DNS server", { err }));
    void this.ingress?.stop().catch((err) => this.host.log.warn("cannot stop the node's ingress proxy", { err }));
  }

  get podNetwork(): PodNetwork | undefined {
    return this.host.network;
  }

  private event(pod: Obj, type: string, reason: string, message: string, fieldPath?: string): void {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const event = {
      metadata: { generateName: `${pod.metadata.name}.`, namespace: pod.metadata.namespace },
      involvedObject: {
        kind: 'Pod',
        apiVersion: 'v1',
        name: pod.metadata.name,
        namespace: pod.metadata.namespace,
        uid: pod.metadata.uid,
        ...(fieldPath ? { fieldPath } : {}),
      },
      type,
      reason,
      message,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
    };
    this.client.send({ event: { eventJson: JSON.stringify(event) } });
  }
}
