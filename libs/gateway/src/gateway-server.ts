// The agent gateway: a gRPC server (TLS with the cluster's serving certificate) where every
// node keeps one Connect session, authenticated by its node token.
import * as grpc from '@grpc/grpc-js';
import type { ObjectRegistry } from '@stevedore/apiserver';
import { EventCorrelator } from '@stevedore/controllers';
import { AGENT_PROTOCOL_MAX_MESSAGE_BYTES, type AgentGatewayHandlers, loadClusterProto } from '@stevedore/proto';
import { RefusalLog, watchRefusals } from './connection-refusals';
import { fetchForNode } from './fetch';
import { type ConnectCall, NodeSession, type SessionOptions } from './node-session';
import type { NodeTokens } from './node-tokens';
import type { PodRouter } from './pod-router';
import { type PodTokenIssuer, podForToken } from './pod-token';
import { type TunnelCall, Tunnels } from './tunnels';

/** Series the gateway's event correlator remembers, for all nodes together. */
const EVENT_SERIES = 16_384;

export interface GatewayOptions extends SessionOptions {
  tls: { cert: string; key: string };
  /** Issues the tokens of pods' projected serviceAccountToken volumes; without it agents are refused them. */
  podTokens?: PodTokenIssuer;
}

/**
 * Keepalive settings agree with the agent's, so neither side sends GOAWAY for pinging too often.
 * Pings only find dead connections (node health comes from leases, and a dead control plane's
 * host resets the connection), so they are rare and patient: every 5 s with a 5 s timeout, 5,000
 * nodes meant 2,000 pings a second, and a process starved for a few seconds on a loaded machine
 * timed out thousands of sessions at once, whose reconnects loaded it further.
 */
export const GATEWAY_CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.keepalive_time_ms': 60_000,
  'grpc.keepalive_timeout_ms': 30_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.http2.min_ping_interval_without_data_ms': 50_000,
  // Explicit both ways (grpc-js sends without limit by default); the agent uses the same limit.
  'grpc.max_receive_message_length': AGENT_PROTOCOL_MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': AGENT_PROTOCOL_MAX_MESSAGE_BYTES,
};

/**
 * Ends a stream with a status the client sees. Emitting 'error' is how grpc-js sends one; a
 * destroyed stream never sent it, and a refused agent waited on a session that was gone.
 */
function refuse(call: { emit(event: 'error', err: Error): boolean }, code: grpc.status, message: string): void {
  call.emit('error', Object.assign(new Error(message), { code, details: message }));
}

export class AgentGateway {
  private readonly server = new grpc.Server(GATEWAY_CHANNEL_OPTIONS);
  private readonly sessions = new Map<string, NodeSession>();
  readonly tunnels = new Tunnels();
  /**
   * One correlator for every node's events (their source names the node, so repeats still count
   * per node), kept across reconnects. Its bound is several kubelets' worth: nodes repeat few of
   * their events, and one correlator per session had held 65,000 series at 5,000 nodes.
   */
  private readonly events: EventCorrelator;
  /** Refusals of callers that are no node, rate-limited per peer: an attacker cannot flood the log. */
  private readonly refusals: RefusalLog;

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly router: PodRouter,
    private readonly tokens: NodeTokens,
    private readonly options: GatewayOptions,
  ) {
    this.events = new EventCorrelator(registry, EVENT_SERIES);
    this.refusals = new RefusalLog(options.log);
    const handlers: AgentGatewayHandlers = {
      Connect: (call) => this.connect(call),
      Tunnel: (call) => this.tunnel(call),
      Fetch: (call, callback) => {
        const node = this.authenticate(call);
        if (!node) return callback({ code: grpc.status.UNAUTHENTICATED, details: 'invalid node token' });
        fetchForNode(this.registry, this.router, node, call.request).then(
          (object) => {
            if (object === 'forbidden') {
              const details = `no pod on node ${node} refers to ${call.request.kind} ${call.request.namespace}/${call.request.name}`;
              this.options.log.warn('refused a node read: node authorization', { node, details });
              callback({ code: grpc.status.PERMISSION_DENIED, details });
            } else callback(null, { found: !!object, objectJson: object ? JSON.stringify(object) : '' });
          },
          (err) => callback({ code: grpc.status.INTERNAL, details: (err as Error).message }),
        );
      },
      PodToken: (call, callback) => {
        const node = this.authenticate(call);
        if (!node) return callback({ code: grpc.status.UNAUTHENTICATED, details: 'invalid node token' });
        const request = call.request;
        const pod = podForToken(this.router, node, request);
        const issue = this.options.podTokens;
        if (!pod || !issue) {
          this.options.log.warn('refused a pod token: the pod is not on the node', { node, pod: `${request.namespace}/${request.pod}` });
          return callback({
            code: grpc.status.PERMISSION_DENIED,
            details: `no pod ${request.namespace}/${request.pod} with that uid on node ${node}`,
          });
        }
        issue(pod, request.audience || undefined, Number(request.expirationSeconds) || 3600).then(
          (answer) => callback(null, answer),
          (err) => callback({ code: grpc.status.FAILED_PRECONDITION, details: (err as Error).message }),
        );
      },
    };
    this.server.addService(this.service, handlers);
  }

  private get service(): grpc.ServiceDefinition {
    return loadClusterProto().stevedore.cluster.v1.AgentGateway.service;
  }

  async listen(host: string, port: number): Promise<number> {
    const credentials = grpc.ServerCredentials.createSsl(
      null,
      [{ cert_chain: Buffer.from(this.options.tls.cert), private_key: Buffer.from(this.options.tls.key) }],
      false,
    );
    const bound = await new Promise<number>((resolve, reject) => {
      this.server.bindAsync(`${host}:${port}`, credentials, (err, bound) => (err ? reject(err) : resolve(bound)));
    });
    const methods = new Set(Object.values(this.service).map((method) => method.path));
    watchRefusals(this.server, this.refusals, methods, this.options.log);
    return bound;
  }

  async close(): Promise<void> {
    for (const session of this.sessions.values()) session.close();
    this.server.forceShutdown();
  }

  /** Asks a connected node to report every pod's status again. */
  requestResync(node: string): void {
    this.sessions.get(node)?.send({ resync: {} });
  }

  connectedNodes(): string[] {
    return [...this.sessions.keys()];
  }

  /** Asks the node to open a stream of the given kind and resolves with it. */
  async openStream(
    node: string,
    kind: 'logs' | 'exec' | 'attach' | 'portforward' | 'metrics',
    request: Record<string, unknown>,
  ): Promise<TunnelCall> {
    const session = this.sessions.get(node);
    if (!session) throw new Error(`node ${node} is not connected`);
    const { id, opened } = this.tunnels.expect(node);
    session.send({ stream: { streamId: id, kind, requestJson: JSON.stringify(request) } });
    return opened;
  }

  private authenticate(call: { metadata: grpc.Metadata; getPeer(): string; getPath?(): string }): string | undefined {
    const header = String(call.metadata.get('authorization')[0] ?? '');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const node = match ? this.tokens.nodeOf(match[1]!) : undefined;
    if (!node) this.refusals.refused('credential', call.getPeer().replace(/:\d+$/, ''), header ? 'invalid node token' : 'no node token');
    return node;
  }

  private connect(call: ConnectCall): void {
    const node = this.authenticate(call);
    if (!node) {
      refuse(call, grpc.status.UNAUTHENTICATED, 'invalid node token');
      return;
    }
    // grpc-js ends a call whose message is over the limit without telling the handler why; a
    // session that ends before its register message is most often that, so it is said here.
    const endedUnregistered = () =>
      this.options.log.warn('a node session ended before it registered (a message over the limit, or the agent left)', {
        node,
        peer: call.getPeer(),
        limitBytes: AGENT_PROTOCOL_MAX_MESSAGE_BYTES,
      });
    call.once('cancelled', endedUnregistered);
    call.once('data', (first) => {
      call.off('cancelled', endedUnregistered);
      if (first.kind !== 'register' || first.register?.nodeName !== node) {
        this.options.log.warn('refused a node session: its token is for another node', { node, registering: first.register?.nodeName });
        refuse(call, grpc.status.PERMISSION_DENIED, `this token may only register node ${node}`);
        return;
      }
      this.sessions.get(node)?.close();
      const session = new NodeSession(node, call, this.registry, this.router, this.options, this.events);
      this.sessions.set(node, session);
      const end = () => {
        this.options.log.debug('node session ended', { node });
        session.close();
        if (this.sessions.get(node) === session) this.sessions.delete(node);
      };
      call.on('end', end);
      call.on('error', end);
      call.on('cancelled', end);
      session.start(first);
    });
  }

  private tunnel(call: TunnelCall): void {
    const node = this.authenticate(call);
    if (!node) {
      refuse(call, grpc.status.UNAUTHENTICATED, 'invalid node token');
      return;
    }
    this.tunnels.accept(node, call);
  }
}
