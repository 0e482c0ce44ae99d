// Reverse tunnels: the API asks a node (over its session) to open a stream, and the agent
// answers with a Tunnel call carrying the same id. Nodes sit behind NAT or firewalls as often
// as not, so the control plane never dials them.

import type * as grpc from '@grpc/grpc-js';
import type { TunnelFrame, TunnelFrame__Output } from '@stevedore/proto';
import { randomUUID } from 'crypto';

export type TunnelCall = grpc.ServerDuplexStream<TunnelFrame__Output, TunnelFrame>;

interface Pending {
  node: string;
  resolve(call: TunnelCall): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

const OPEN_TIMEOUT_MS = 10_000;

export class Tunnels {
  private readonly pending = new Map<string, Pending>();

  /** Reserves an id and waits for the node to dial in with it. */
  expect(node: string): { id: string; opened: Promise<TunnelCall> } {
    const id = randomUUID();
    const opened = new Promise<TunnelCall>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`node ${node} did not open the stream within ${OPEN_TIMEOUT_MS / 1000}s`));
      }, OPEN_TIMEOUT_MS);
      this.pending.set(id, { node, resolve, reject, timer });
    });
    return { id, opened };
  }

  cancel(id: string, why: Error): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(id);
    pending.reject(why);
  }

  /** Matches an incoming Tunnel call (first frame = its id) to the waiting request; only its own node may answer. */
  accept(node: string, call: TunnelCall): void {
    call.once('data', (first: TunnelFrame__Output) => {
      const pending = this.pending.get(first.streamId);
      if (!pending || pending.node !== node) {
        call.destroy(new Error('unknown stream'));
        return;
      }
      clearTimeout(pending.timer);
      this.pending.delete(first.streamId);
      // Frames the node sends at once (a whole metrics document) would be emitted before the
      // waiting request has attached its listeners and be lost: hold them until it has.
      call.pause();
      setImmediate(() => call.resume());
      pending.resolve(call);
    });
  }
}
