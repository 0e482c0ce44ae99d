// The ingress proxy's own thread: in `stevedore up` the agent shares its event loop with the
// whole control plane, and requests queued behind API work made the proxy's latency follow it.
// The main thread sends listen/update/stop messages; the proxy runs here, on the second core.
import { logger } from '@stevedore/log';
import { parentPort } from 'worker_threads';
import { IngressProxy } from './ingress-proxy';
import type { WorkerRequest } from './ingress-thread';

const proxy = new IngressProxy(logger('ingress'));

parentPort!.on('message', (message: WorkerRequest) => {
  const reply = (error?: Error) => parentPort!.postMessage({ id: message.id, error: error?.message });
  if (message.type === 'update') return proxy.update(message.routes, message.certificates);
  const work = message.type === 'listen' ? proxy.listen(message.where) : proxy.stop();
  work.then(() => reply(), reply);
});
