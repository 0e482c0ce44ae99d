// One node's Connect session: registration, heartbeats that renew its Lease, its desired pods
// (snapshot, then changes) and the status, events and stream answers it sends back.
import type * as grpc from '@grpc/grpc-js';
import type { ApiObject, ObjectRegistry } from '@stevedore/apiserver';
import type { EventCorrelator } from '@stevedore/controllers';
import type { Logger } from '@stevedore/log';
import type {
  AgentMessage__Output,
  DnsService,
  IngressRoutes,
  PeerRoute,
  PolicyTarget,
  ServerMessage,
  ServiceProxy,
} from '@stevedore/proto';
import { type Observable, Subscription } from 'rxjs';
import { finishPodDeletion, recordEvent, renewLease, updateNodeStatus, upsertNode, writePodStatus } from './node-records';
import { type EncodedPod, encodePod, fitsInMessage, snapshotParts, tooLargeMessage } from './pod-messages';
import type { PodRouter } from './pod-router';

export type ConnectCall = grpc.ServerDuplexStream<AgentMessage__Output, ServerMessage>;

export interface SessionOptions {
  heartbeatIntervalMs: number;
  leaseRenewIntervalMs: number;
  podCidrFor(node: string): Promise<string>;
  /** Every node's pod range and host, for agents that route pod traffic between hosts. */
  peerRoutes?: Observable<PeerRoute[]>;
  /** Services and their endpoints, for agents that proxy Service traffic. */
  serviceProxies?: Observable<ServiceProxy[]>;
  /** What cluster DNS answers, for agents that serve it to their pods. */
  clusterDns?: Observable<DnsService[]>;
  /** The NetworkPolicy rules of one node's pods, for agents that enforce them. */
  networkPolicies?: (node: string) => Observable<PolicyTarget[]>;
  /** What the built-in ingress controller serves, for agents that run its proxy. */
  ingressRoutes?: Observable<IngressRoutes>;
  /** The nameserver address and domain pods are given (sent on register). */
  dns?: { clusterDns: string; clusterDomain: string };
  /** The gateway's logger; each session adds its node's name. */
  log: Logger;
  /** Bytes of pod JSON one message may carry (the protocol's payload budget unless a test says less). */
  maxPayloadBytes?: number;
}

export class NodeSession {
  private subscription?: Subscription;
  /** The cluster-wide feeds (routes, services) of a networked agent. */
  private feeds?: Subscription;
  private nodeUid = '';
  private lastLeaseRenewal = 0;
  /** The lease as this session last wrote it: where the next renewal starts. */
  private lease?: ApiObject;
  private readonly log: Logger;
  /** Messages are handled one at a time so a node's reports land in the order it sent them. */
  private queue: Promise<void> = Promise.resolve();
  /** Events keep their own order in a lane of their own, so they never hold up pod status. */
  private eventQueue: Promise<void> = Promise.resolve();
  /**
   * Heartbeats renew the lease in a lane of their own too, as the kubelet renews its lease apart
   * from status updates: behind a backlog of this node's status writes they had waited past the
   * grace period, and the node turned NotReady while it was busy reporting.
   */
  private leaseQueue: Promise<void> = Promise.resolve();

  /** `events` is the gateway's one correlator: a correlator per session held 65,000 series at 5,000 nodes. */
  constructor(
    readonly node: string,
    private readonly call: ConnectCall,
    private readonly registry: ObjectRegistry,
    private readonly router: PodRouter,
    private readonly options: SessionOptions,
    private readonly events: EventCorrelator,
  ) {
    this.log = options.log.child({ node });
  }

  /** Handles the register message the gateway already read, then everything after it. */
  start(register: AgentMessage__Output): void {
    this.enqueue(register);
    this.call.on('data', (message: AgentMessage__Output) => this.enqueue(message));
  }

  private enqueue(message: AgentMessage__Output): void {
    const handled = (queue: Promise<void>) =>
      queue
        .then(() => this.handle(message))
        .catch((err) => this.log.warn('cannot apply a message from the node', { kind: message.kind, err }));
    if (message.kind === 'event') this.eventQueue = handled(this.eventQueue);
    else if (message.kind === 'heartbeat') this.leaseQueue = handled(this.leaseQueue);
    else this.queue = handled(this.queue);
  }

  close(): void {
    this.subscription?.unsubscribe();
    this.feeds?.unsubscribe();
  }

  send(message: ServerMessage): void {
    if (!this.call.writableEnded && !this.call.destroyed) this.call.write(message);
  }

  private async handle(message: AgentMessage__Output): Promise<void> {
    switch (message.kind) {
      case 'register':
        return this.register(JSON.parse(message.register!.nodeJson) as ApiObject, message.register!.wantsPeerRoutes);
      case 'heartbeat':
        return this.heartbeat();
      case 'podStatus': {
        const report = message.podStatus!;
        const ref = { namespace: report.namespace, name: report.name, uid: report.uid };
        const outcome = report.terminated
          ? await finishPodDeletion(this.registry, this.node, ref)
          : await writePodStatus(this.registry, this.node, { ...ref, status: JSON.parse(report.statusJson) });
        // NodeRestriction: a node writes only its own pods' status; anything else is refused and logged.
        if (outcome === 'refused')
          this.log.warn('refused a report about a pod bound to another node', { pod: `${ref.namespace}/${ref.name}`, uid: ref.uid });
        return;
      }
      case 'event':
        return recordEvent(this.events, this.node, JSON.parse(message.event!.eventJson) as ApiObject);
      case 'nodeStatus':
        return updateNodeStatus(this.registry, this.node, JSON.parse(message.nodeStatus!.nodeJson).status ?? {});
      default:
        return undefined;
    }
  }

  private async register(reported: ApiObject, wantsPeerRoutes: boolean): Promise<void> {
    reported.metadata = { ...reported.metadata, name: this.node };
    // A cluster range too small for every node leaves the extra ones without pod networking;
    // they still register (and can run hostNetwork pods) rather than being locked out.
    const podCidr = await this.options.podCidrFor(this.node).catch((err: Error) => {
      this.log.warn('no pod CIDR for the node: it runs without pod networking', { err });
      return '';
    });
    if (podCidr) reported.spec = { ...reported.spec, podCIDR: podCidr, podCIDRs: [podCidr] };
    const node = await upsertNode(this.registry, reported);
    this.nodeUid = node.metadata.uid;
    await this.renew(true);
    this.send({ registered: { heartbeatIntervalMs: this.options.heartbeatIntervalMs, podCidr, ...this.options.dns } });
    this.subscription?.unsubscribe();
    const { snapshot, changes } = this.router.follow(this.node);
    this.sendSnapshot(snapshot);
    this.subscription = changes.subscribe(({ type, pod }) => this.sendChange(type, pod));
    this.feeds?.unsubscribe();
    this.feeds = new Subscription();
    if (wantsPeerRoutes) {
      this.feeds.add(this.options.peerRoutes?.subscribe((routes) => this.send({ peers: { routes } })));
      this.feeds.add(this.options.serviceProxies?.subscribe((services) => this.send({ services: { services } })));
      this.feeds.add(this.options.clusterDns?.subscribe((services) => this.send({ dns: { services } })));
      this.feeds.add(this.options.networkPolicies?.(this.node).subscribe((targets) => this.send({ policies: { targets } })));
      this.feeds.add(this.options.ingressRoutes?.subscribe((ingress) => this.send({ ingress })));
    }
    this.log.info('node registered', { pods: snapshot.length });
  }

  /** The node's pods in parts under the message limit: one oversized message ended the whole session. */
  private sendSnapshot(snapshot: ApiObject[]): void {
    const { parts, tooLarge } = snapshotParts(snapshot, this.options.maxPayloadBytes);
    parts.forEach((podsJson, i) => this.send({ snapshot: { podsJson, revision: 0, more: i < parts.length - 1 } }));
    for (const encoded of tooLarge) this.refusePod(encoded);
  }

  private sendChange(type: string, pod: ApiObject): void {
    const encoded = encodePod(pod);
    if (!fitsInMessage(encoded, this.options.maxPayloadBytes)) return this.refusePod(encoded);
    this.send({ change: { type, podJson: encoded.json, revision: Number(pod.metadata.resourceVersion) } });
  }

  /**
   * A pod too large to send is kept from the node, and its owner told why, as the kubelet rejects
   * a pod it cannot admit: a Warning event, and phase Failed while none of its containers started.
   */
  private refusePod({ pod, bytes }: EncodedPod): void {
    const message = tooLargeMessage({ pod, json: '', bytes }, this.options.maxPayloadBytes);
    const { namespace, name, uid } = pod.metadata as { namespace: string; name: string; uid: string };
    this.log.warn('a pod is too large to send to its node', { pod: `${namespace}/${name}`, bytes });
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const event = {
      metadata: { namespace },
      involvedObject: { kind: 'Pod', apiVersion: 'v1', name, namespace, uid },
      type: 'Warning',
      reason: 'PodTooLarge',
      message,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
    } as unknown as ApiObject;
    this.eventQueue = this.eventQueue
      .then(() => recordEvent(this.events, this.node, event))
      .catch((err) => this.log.warn('cannot record an event about an oversized pod', { pod: `${namespace}/${name}`, err }));
    if (pod.status?.containerStatuses?.length) return;
    const status = { ...pod.status, phase: 'Failed', reason: 'PodTooLarge', message };
    this.queue = this.queue
      .then(() => writePodStatus(this.registry, this.node, { namespace, name, uid, status }))
      .then(() => undefined)
      .catch((err) => this.log.warn('cannot mark an oversized pod failed', { pod: `${namespace}/${name}`, err }));
  }

  private async heartbeat(): Promise<void> {
    if (!this.nodeUid) return;
    await this.renew(false);
  }

  /** Lease writes are throttled to the renewal interval; a heartbeat that arrives a little early still renews. */
  private async renew(force: boolean): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastLeaseRenewal < this.options.leaseRenewIntervalMs * 0.8) return;
    this.lastLeaseRenewal = now;
    this.lease = await renewLease(this.registry, this.node, this.nodeUid, this.lease);
  }
}
