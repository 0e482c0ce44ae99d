// The ingress proxy run in a worker thread of its own (see ingress-worker.ts), behind the same
// listen/update/stop calls as the proxy itself. Run from source (unit tests), where no compiled
// worker script exists, it runs the proxy on this thread instead.
import type { Logger } from '@stevedore/log';
import { existsSync } from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Certificate } from './certificates';
import { type IngressListen, IngressProxy } from './ingress-proxy';
import type { Route } from './route-table';

export type WorkerRequest =
  | { id: number; type: 'listen'; where: IngressListen }
  | { id: number; type: 'update'; routes: readonly Route[]; certificates: readonly Certificate[] }
  | { id: number; type: 'stop' };

type Call = { type: 'listen'; where: IngressListen } | { type: 'stop' };

const WORKER_SCRIPT = path.join(__dirname, 'ingress-worker.js');

export class IngressThread {
  private readonly worker?: Worker;
  private readonly local?: IngressProxy;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();

  constructor(private readonly log: Logger) {
    if (!existsSync(WORKER_SCRIPT)) {
      this.local = new IngressProxy(log);
      return;
    }
    this.worker = new Worker(WORKER_SCRIPT);
    this.worker.on('message', ({ id, error }: { id: number; error?: string }) => {
      const call = this.pending.get(id);
      this.pending.delete(id);
      if (error) call?.reject(new Error(error));
      else call?.resolve();
    });
    this.worker.on('error', (err) => log.error('the ingress proxy thread failed', { err }));
  }

  listen(where: IngressListen): Promise<void> {
    return this.local ? this.local.listen(where) : this.call({ type: 'listen', where });
  }

  update(routes: readonly Route[], certificates: readonly Certificate[]): void {
    if (this.local) return this.local.update(routes, certificates);
    this.worker!.postMessage({ id: this.nextId++, type: 'update', routes, certificates } satisfies WorkerRequest);
  }

  async stop(): Promise<void> {
    if (this.local) return this.local.stop();
    await this.call({ type: 'stop' });
    await this.worker!.terminate();
  }

  private call(request: Call): Promise<void> {
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage({ id, ...request } satisfies WorkerRequest);
    });
  }
}
