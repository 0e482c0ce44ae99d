import { PassThrough } from 'stream';
import type { AgentGateway } from './gateway-server';
import { readNodeDocument } from './node-metrics';

/** A gateway whose node answers every stream with the given frames (as the agent's StreamServer does). */
function gatewayAnswering(frames: { channel: number; data: Buffer }[]): AgentGateway {
  return {
    async openStream() {
      const call = new PassThrough({ objectMode: true });
      setImmediate(() => {
        for (const frame of frames) call.write(frame);
      });
      return call;
    },
  } as unknown as AgentGateway;
}

describe('reading a node document through a tunnel', () => {
  it('joins the body frames and takes the content type from the status', async () => {
    const doc = await readNodeDocument(
      gatewayAnswering([
        { channel: 1, data: Buffer.from('a_total 1\n') },
        { channel: 1, data: Buffer.from('b_total 2\n') },
        { channel: 3, data: Buffer.from(JSON.stringify({ status: 'Success', contentType: 'text/plain; version=0.0.4' })) },
      ]),
      'n1',
      '/metrics',
    );
    expect(doc).toEqual({ code: 200, contentType: 'text/plain; version=0.0.4', body: Buffer.from('a_total 1\nb_total 2\n') });
  });

  it("passes on the node's failure code and message", async () => {
    const doc = await readNodeDocument(
      gatewayAnswering([
        { channel: 3, data: Buffer.from(JSON.stringify({ status: 'Failure', code: 404, message: 'the node serves no /x' })) },
      ]),
      'n1',
      '/x',
    );
    expect(doc.code).toBe(404);
    expect(doc.body.toString()).toBe('the node serves no /x\n');
  });
});
