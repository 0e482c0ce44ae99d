// Pod logs, exec, attach and port-forward for the REST API, served from the pod's node
// through a tunnel (one gRPC Tunnel call per stream, in Kubernetes' channel numbers).

import {
  type ApiObject,
  type AttachRequest,
  type ExecChannel,
  type ExecRequest,
  type LogRequest,
  type PodStreams,
  type PortForwardConnection,
  STATUS,
  STDERR,
  STDOUT,
} from '@stevedore/apiserver';
import type { TunnelFrame__Output } from '@stevedore/proto';
import type { Writable } from 'stream';
import type { AgentGateway } from './gateway-server';
import type { TunnelCall } from './tunnels';

export class TunnelledPodStreams implements PodStreams {
  constructor(private readonly gateway: AgentGateway) {}

  async logs(pod: ApiObject, request: LogRequest, out: Writable, signal: AbortSignal): Promise<void> {
    const call = await this.gateway.openStream(pod.spec.nodeName, 'logs', {
      namespace: pod.metadata.namespace,
      pod: pod.metadata.name,
      uid: pod.metadata.uid,
      ...request,
    });
    await new Promise<void>((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', cancel);
        resolve();
      };
      const cancel = () => {
        call.end();
        done();
      };
      signal.addEventListener('abort', cancel);
      call.on('data', (frame: TunnelFrame__Output) => {
        if (frame.channel === STDOUT || frame.channel === STDERR) out.write(frame.data);
        if (frame.close || frame.channel === STATUS) cancel();
      });
      call.on('end', done);
      call.on('error', done);
    });
  }

  async exec(pod: ApiObject, request: ExecRequest): Promise<ExecChannel> {
    return execChannel(await this.gateway.openStream(pod.spec.nodeName, 'exec', { ...podKey(pod), ...request }));
  }

  async attach(pod: ApiObject, request: AttachRequest): Promise<ExecChannel> {
    return execChannel(await this.gateway.openStream(pod.spec.nodeName, 'attach', { ...podKey(pod), ...request }));
  }

  /** Channel 0 carries bytes to the pod (close = half-close), 1 bytes from it, 3 a dial failure. */
  async portForward(pod: ApiObject, port: number): Promise<PortForwardConnection> {
    const call = await this.gateway.openStream(pod.spec.nodeName, 'portforward', { ...podKey(pod), port });
    let error: string | undefined;
    return {
      onData: (handler) =>
        call.on('data', (frame: TunnelFrame__Output) => {
          if (frame.channel === STDOUT && frame.data.length) handler(frame.data);
          if (frame.channel === STATUS) error = statusMessage(frame.data);
        }),
      onEnd: (handler) => {
        let done = false;
        const end = (err?: Error) => {
          if (done) return;
          done = true;
          handler(error ?? err?.message);
        };
        call.on('end', () => end());
        call.on('error', (err: Error) => end(err));
      },
      onDrain: (handler) => call.once('drain', handler),
      write: (data) => call.write({ channel: 0, data }),
      end: () => call.write({ channel: 0, close: true }),
      close: () => call.end(),
      pause: () => call.pause(),
      resume: () => call.resume(),
    };
  }
}

function podKey(pod: ApiObject) {
  return { namespace: pod.metadata.namespace, pod: pod.metadata.name, uid: pod.metadata.uid };
}

function execChannel(call: TunnelCall): ExecChannel {
  return {
    onFrame: (handler) => call.on('data', (frame: TunnelFrame__Output) => handler(frame.channel, frame.data)),
    onEnd: (handler) => {
      call.on('end', handler);
      call.on('error', handler);
    },
    send: (channel, data) => call.write({ channel, data }),
    closeStdin: () => call.write({ channel: 0, close: true }),
    close: () => call.end(),
  };
}

/** The message of a Status the node sent, or the text itself. */
function statusMessage(data: Buffer): string {
  try {
    return (JSON.parse(data.toString()) as { message?: string }).message ?? data.toString();
  } catch {
    return data.toString();
  }
}
