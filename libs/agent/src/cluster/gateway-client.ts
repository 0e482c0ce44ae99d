// The agent's end of the Connect session: registers the node, heartbeats, turns the server's
// snapshot/changes into the desired pod set, and reconnects when the link drops: to the next
// control plane at once when it knows several, with backoff once every one of them has failed.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '@stevedore/log';
import {
  AGENT_PROTOCOL_MAX_MESSAGE_BYTES,
  AGENT_PROTOCOL_PAYLOAD_BYTES,
  type AgentGatewayClient,
  type AgentMessage,
  type DnsService,
  type IngressRoutes,
  loadClusterProto,
  type PeerRoute,
  type PolicyTarget,
  type ServerMessage__Output,
  type ServiceProxy,
  type StreamRequest,
  type TunnelFrame,
  type TunnelFrame__Output,
  wireBytes,
} from '@stevedore/proto';
import { Subject } from 'rxjs';
import { Backoff } from './backoff';

export type Pod = { metadata: Record<string, any>; spec: Record<string, any>; status?: Record<string, any> };

export type DesiredPods = { kind: 'snapshot'; pods: Pod[] } | { kind: 'change'; type: 'ADDED' | 'MODIFIED' | 'DELETED'; pod: Pod };

export interface GatewayClientOptions {
  /** host:port of each control plane's agent gateway (any of them serves the whole cluster). */
  addresses: string[];
  token: string;
  caCert: string;
  nodeName: string;
  /** The Node object to register (status: capacity, allocatable, conditions, addresses, nodeInfo). */
  describeNode(): Promise<Record<string, unknown>>;
  /** Ask for every node's pod range and host address (agents with a pod network). */
  wantsPeerRoutes?: boolean;
  log: Logger;
}

/** Keepalive and message limits as the gateway's (GATEWAY_CHANNEL_OPTIONS). */
export const AGENT_CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.keepalive_time_ms': 60_000,
  'grpc.keepalive_timeout_ms': 30_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.max_receive_message_length': AGENT_PROTOCOL_MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': AGENT_PROTOCOL_MAX_MESSAGE_BYTES,
};

/** The JSON a report carries: what decides whether it fits in one message. */
function reportBytes(message: AgentMessage): number {
  const json = message.podStatus?.statusJson ?? message.event?.eventJson ?? message.nodeStatus?.nodeJson ?? '';
  return wireBytes(json);
}

export class GatewayClient {
  readonly desired$ = new Subject<DesiredPods>();
  readonly streamRequests$ = new Subject<StreamRequest>();
  readonly peerRoutes$ = new Subject<PeerRoute[]>();
  readonly services$ = new Subject<ServiceProxy[]>();
  /** What cluster DNS answers (Services, headless endpoints), whenever it changes. */
  readonly dns$ = new Subject<DnsService[]>();
  /** The NetworkPolicy rules of this node's pods. */
  readonly policies$ = new Subject<PolicyTarget[]>();
  /** What the node's ingress proxy serves, whenever it changes. */
  readonly ingress$ = new Subject<IngressRoutes>();
  /** The control plane wants every pod's status again. */
  readonly resync$ = new Subject<void>();
  /** Emits each time a session is registered (the agent re-reports everything then). */
  readonly connected$ = new Subject<{ podCidr: string; clusterDns: string; clusterDomain: string }>();
  /** One channel per control plane; RPCs go to the one whose session is current. */
  private readonly clients: AgentGatewayClient[];
  private current = 0;
  /** Connection attempts failed since the last registration: backoff starts once each address had its turn. */
  private failures = 0;
  private readonly backoff = new Backoff();
  private call?: grpc.ClientDuplexStream<AgentMessage, ServerMessage__Output>;
  private heartbeat?: NodeJS.Timeout;
  private closed = false;
  private registered = false;
  /** Parts of a snapshot received so far (the gateway splits large ones), applied on the last. */
  private snapshotPods: Pod[] = [];

  constructor(private readonly options: GatewayClientOptions) {
    const Client = loadClusterProto().stevedore.cluster.v1.AgentGateway;
    const credentials = grpc.credentials.combineChannelCredentials(
      grpc.credentials.createSsl(Buffer.from(options.caCert)),
      grpc.credentials.createFromMetadataGenerator((_params, callback) => {
        const metadata = new grpc.Metadata();
        metadata.set('authorization', `Bearer ${options.token}`);
        callback(null, metadata);
      }),
    );
    if (!options.addresses.length) throw new Error('no control-plane address to connect to');
    this.clients = options.addresses.map((address) => new Client(address, credentials, AGENT_CHANNEL_OPTIONS));
  }

  private get client(): AgentGatewayClient {
    return this.clients[this.current]!;
  }

  /** The control plane the session is (or is being) established with. */
  get address(): string {
    return this.options.addresses[this.current]!;
  }

  get isRegistered(): boolean {
    return this.registered;
  }

  start(): void {
    void this.connect();
  }

  close(): void {
    this.closed = true;
    this.stopHeartbeat();
    this.call?.cancel();
    for (const client of this.clients) client.close();
    this.desired$.complete();
  }

  /** Sends a report if a session is up; reports are level-based, so a dropped one is re-sent after reconnect. */
  send(message: AgentMessage): boolean {
    if (!this.registered || !this.call) return false;
    // Over the limit, grpc-js would end the session (heartbeats too): drop the one report instead.
    const bytes = reportBytes(message);
    if (bytes > AGENT_PROTOCOL_PAYLOAD_BYTES) {
      this.options.log.warn('a report is too large to send to the control plane; dropped', {
        kind: Object.keys(message).find((k) => k !== 'kind'),
        pod: message.podStatus ? `${message.podStatus.namespace}/${message.podStatus.name}` : undefined,
        bytes,
      });
      return false;
    }
    this.call.write(message);
    return true;
  }

  openTunnel(streamId: string): grpc.ClientDuplexStream<TunnelFrame, TunnelFrame__Output> {
    const tunnel = this.client.Tunnel();
    tunnel.write({ streamId });
    return tunnel;
  }

  fetch(
    kind: 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'PersistentVolume',
    namespace: string,
    name: string,
  ): Promise<Record<string, any> | undefined> {
    return new Promise((resolve, reject) => {
      this.client.Fetch({ kind, namespace, name }, { deadline: Date.now() + 10_000 }, (err, res) => {
        if (err) reject(err);
        else resolve(res?.found ? JSON.parse(res.objectJson) : undefined);
      });
    });
  }

  /** A ServiceAccount token bound to one of this node's pods, for its projected volume. */
  podToken(request: {
    namespace: string;
    pod: string;
    podUid: string;
    audience: string;
    expirationSeconds: number;
  }): Promise<{ token: string; expirationTimestamp: string }> {
    return new Promise((resolve, reject) => {
      this.client.PodToken(request, { deadline: Date.now() + 10_000 }, (err, res) => {
        if (err || !res) reject(err ?? new Error('no answer'));
        else resolve({ token: res.token, expirationTimestamp: res.expirationTimestamp });
      });
    });
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    let node: Record<string, unknown>;
    try {
      node = await this.options.describeNode();
    } catch (err) {
      this.options.log.warn('cannot describe the node; retrying', { err });
      return this.retry();
    }
    const call = this.client.Connect();
    this.call = call;
    call.on('data', (message: ServerMessage__Output) => this.receive(message));
    call.on('error', (err) => this.disconnected(call, err.message));
    call.on('end', () => this.disconnected(call, 'the server ended the session'));
    call.write({
      register: { nodeName: this.options.nodeName, nodeJson: JSON.stringify(node), wantsPeerRoutes: !!this.options.wantsPeerRoutes },
    });
  }

  private receive(message: ServerMessage__Output): void {
    if (message.registered) {
      this.registered = true;
      this.failures = 0;
      this.backoff.reset();
      this.startHeartbeat(message.registered.heartbeatIntervalMs || 2000);
      this.options.log.info(`registered node ${this.options.nodeName} with the control plane at ${this.address}`, {
        podCidr: message.registered.podCidr || undefined,
      });
      const { podCidr, clusterDns, clusterDomain } = message.registered;
      this.connected$.next({ podCidr, clusterDns, clusterDomain });
    } else if (message.snapshot) {
      this.snapshotPods.push(...message.snapshot.podsJson.map((p) => JSON.parse(p) as Pod));
      if (message.snapshot.more) return;
      const pods = this.snapshotPods;
      this.snapshotPods = [];
      this.desired$.next({ kind: 'snapshot', pods });
    } else if (message.change) {
      this.desired$.next({ kind: 'change', type: message.change.type as 'ADDED', pod: JSON.parse(message.change.podJson) as Pod });
    } else if (message.stream) {
      this.streamRequests$.next(message.stream);
    } else if (message.peers) {
      this.peerRoutes$.next(message.peers.routes);
    } else if (message.services) {
      this.services$.next(message.services.services);
    } else if (message.dns) {
      this.dns$.next(message.dns.services);
    } else if (message.policies) {
      this.policies$.next(message.policies.targets);
    } else if (message.ingress) {
      this.ingress$.next(message.ingress);
    } else if (message.resync) {
      this.resync$.next();
    }
  }

  private disconnected(call: grpc.ClientDuplexStream<AgentMessage, ServerMessage__Output>, why: string): void {
    if (this.call !== call) return;
    this.call = undefined;
    this.registered = false;
    this.snapshotPods = [];
    this.stopHeartbeat();
    if (this.closed) return;
    this.options.log.warn('lost the control plane session; reconnecting', { address: this.address, reason: why });
    this.retry();
  }

  /** Tries the next control plane; containers keep running meanwhile, and the new session's snapshot is reconciled as any other. */
  private retry(): void {
    if (this.closed) return;
    this.current = (this.current + 1) % this.clients.length;
    this.failures++;
    const delayMs = this.failures < this.clients.length ? 100 : this.backoff.next();
    setTimeout(() => void this.connect(), delayMs).unref();
  }

  private startHeartbeat(intervalMs: number): void {
    this.stopHeartbeat();
    this.heartbeat = setInterval(() => this.send({ heartbeat: { sentAtMs: Date.now() } }), intervalMs);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}
