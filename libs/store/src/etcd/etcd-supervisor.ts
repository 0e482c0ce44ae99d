// Keeps `stevedore up`'s embedded etcd running: when it exits on its own (killed, crashed, out
// of disk), it is started again on the same ports and data dir, after a pause that doubles
// with each quick failure, so the control plane's client finds it where it was. Without this,
// an etcd killed once left the cluster answering 504 until someone restarted `up`.
import type { Logger } from '@stevedore/log';
import { type EmbeddedEtcd, type EmbeddedEtcdOptions, startEmbeddedEtcd } from './embedded-etcd';

export interface EtcdBackoff {
  firstMs: number;
  maxMs: number;
  /** Running this long counts as recovered: the next failure waits firstMs again. */
  resetAfterMs: number;
}

export const DEFAULT_ETCD_BACKOFF: EtcdBackoff = { firstMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };

export interface SupervisedEtcd {
  readonly endpoint: string;
  /** The client certificate etcd accepts (the same across restarts). */
  readonly tls: EmbeddedEtcd['tls'];
  /** The etcd process running now (a new one after each restart). */
  current(): EmbeddedEtcd;
  /** Stops supervising, then stops etcd. */
  stop(): Promise<void>;
}

export async function superviseEtcd(options: EmbeddedEtcdOptions, log: Logger, backoff = DEFAULT_ETCD_BACKOFF): Promise<SupervisedEtcd> {
  let etcd = await startEmbeddedEtcd(options);
  // A restart finds its membership in the data dir: it joins nothing again.
  const again: EmbeddedEtcdOptions = { ...options, join: undefined, clientPort: etcd.clientPort, peerPort: etcd.peerPort };
  let startedAt = Date.now();
  let delay = backoff.firstMs;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;

  const restartLater = () => {
    timer = setTimeout(async () => {
      if (stopping) return;
      try {
        etcd = await startEmbeddedEtcd(again);
      } catch (err) {
        if (stopping) return;
        log.error(`etcd did not start again: ${(err as Error).message}; next try in ${delay / 1000} s`);
        delay = Math.min(delay * 2, backoff.maxMs);
        return restartLater();
      }
      if (stopping) return void (await etcd.stop());
      startedAt = Date.now();
      log.info(`etcd is serving again on ${etcd.endpoint}`);
      watch(etcd);
    }, delay);
  };
  const watch = (running: EmbeddedEtcd) => {
    running.process.once('exit', (code, signal) => {
      if (stopping) return;
      if (Date.now() - startedAt >= backoff.resetAfterMs) delay = backoff.firstMs;
      log.error(`etcd exited (${signal ?? `exit code ${code}`}); the API fails until it is back; starting it again in ${delay / 1000} s`);
      restartLater();
      delay = Math.min(delay * 2, backoff.maxMs);
    });
  };
  watch(etcd);

  return {
    endpoint: etcd.endpoint,
    tls: etcd.tls,
    current: () => etcd,
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await etcd.stop();
    },
  };
}
