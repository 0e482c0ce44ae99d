// Reads a node agent's metrics or stats document through a tunnel, as the API server's node
// proxy reads the kubelet's: the agent writes the body on channel 1, then a status on channel 3
// ({status: Success, contentType} or a Failure with a code and message).

import { STATUS, STDOUT } from '@stevedore/apiserver';
import type { TunnelFrame__Output } from '@stevedore/proto';
import type { AgentGateway } from './gateway-server';

export interface NodeDocument {
  code: number;
  contentType: string;
  body: Buffer;
}

/** The paths an agent serves; anything else is refused before it reaches the node. */
export const NODE_METRICS_PATHS = ['/metrics', '/metrics/cadvisor', '/stats/summary'] as const;

const READ_TIMEOUT_MS = 30_000;

export async function readNodeDocument(gateway: AgentGateway, node: string, path: string): Promise<NodeDocument> {
  const call = await gateway.openStream(node, 'metrics', { path });
  return new Promise<NodeDocument>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let status: { status?: string; code?: number; message?: string; contentType?: string } | undefined;
    const timer = setTimeout(() => {
      call.end();
      reject(new Error(`node ${node} did not answer ${path} within ${READ_TIMEOUT_MS / 1000}s`));
    }, READ_TIMEOUT_MS);
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!status) return reject(new Error(`node ${node} closed the stream for ${path} without a status`));
      const body = status.status === 'Success' ? Buffer.concat(chunks) : Buffer.from(`${status.message ?? 'error'}\n`);
      resolve({
        code: status.status === 'Success' ? 200 : (status.code ?? 500),
        contentType: status.contentType ?? 'text/plain; charset=utf-8',
        body,
      });
    };
    call.on('data', (frame: TunnelFrame__Output) => {
      if (frame.channel === STDOUT) chunks.push(frame.data);
      if (frame.channel === STATUS) {
        status = JSON.parse(frame.data.toString('utf8'));
        call.end();
        finish();
      }
    });
    call.on('end', finish);
    call.on('error', (err) => {
      if (status) return finish();
      settled = true;
      clearTimeout(timer);
      reject(err);
    });
  });
}
