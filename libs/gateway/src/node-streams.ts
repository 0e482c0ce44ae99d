// Pod logs for the REST API, served from the pod's node through a tunnel.

import {
  type ApiObject,
  type ExecChannel,
  type ExecRequest,
  type LogRequest,
  type PodStreams,
  STATUS,
  STDERR,
  STDOUT,
} from '@stevedore/apiserver';
import type { TunnelFrame__Output } from '@stevedore/proto';
import type { Writable } from 'stream';
import type { AgentGateway } from './gateway-server';

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
    const call = await this.gateway.openStream(pod.spec.nodeName, 'exec', {
      namespace: pod.metadata.namespace,
      pod: pod.metadata.name,
      uid: pod.metadata.uid,
      ...request,
    });
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
}
