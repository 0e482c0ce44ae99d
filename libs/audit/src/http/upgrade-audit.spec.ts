import { silentLogger } from '@stevedore/log';
import { newRegistry } from '@stevedore/metrics';
import { IncomingMessage } from 'http';
import { Socket } from 'net';
import { PassThrough } from 'stream';
import { Auditor } from '../auditor';
import type { AuditEvent } from '../event/audit-event';
import { AuditLog } from '../log/audit-log';
import { AuditMetrics } from '../log/audit-metrics';
import { parsePolicy } from '../policy/parse-policy';
import { requestAudit } from './request-audit';

const events: AuditEvent[] = [];
const log = new AuditLog(
  {
    write: async (d) =>
      void events.push(
        ...d
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      ),
    close: async () => undefined,
  },
  { log: silentLogger, metrics: new AuditMetrics(newRegistry()) },
);
const policy = parsePolicy('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{ level: Metadata }]');
const auditor = new Auditor(policy, log, new AuditMetrics(newRegistry()), silentLogger);

function upgrade(): { socket: PassThrough; req: IncomingMessage } {
  const req = new IncomingMessage(new Socket());
  Object.assign(req, { method: 'GET', url: '/api/v1/namespaces/default/pods/web/exec?command=sh', headers: { 'user-agent': 'kubectl' } });
  const socket = new PassThrough();
  auditor.beginUpgrade(req, socket);
  requestAudit(req)!.authenticated({ name: 'alice', groups: [] });
  return { socket, req };
}

const closed = (socket: PassThrough) => new Promise((resolve) => socket.once('close', resolve));

describe('auditing upgrades', () => {
  beforeEach(() => {
    events.length = 0;
  });

  it('records a stream as create on pods/exec: ResponseStarted at the 101, ResponseComplete when the socket closes', async () => {
    const { socket } = upgrade();
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n');
    socket.destroy();
    await closed(socket);
    await log.flush();
    expect(events.map((e) => [e.stage, e.verb, e.responseStatus?.code])).toEqual([
      ['RequestReceived', 'create', undefined],
      ['ResponseStarted', 'create', 101],
      ['ResponseComplete', 'create', 101],
    ]);
    expect(events[2]!.objectRef).toEqual({ resource: 'pods', namespace: 'default', name: 'web', apiVersion: 'v1', subresource: 'exec' });
  });

  it("takes a refused upgrade's code and message from the Status it writes", async () => {
    const { socket } = upgrade();
    const body = JSON.stringify({ kind: 'Status', status: 'Failure', message: 'pods "web" not found', reason: 'NotFound', code: 404 });
    socket.end(`HTTP/1.1 404 NotFound\r\nContent-Type: application/json\r\n\r\n${body}`);
    socket.resume();
    await closed(socket);
    await log.flush();
    expect(events.at(-1)).toMatchObject({
      stage: 'ResponseComplete',
      responseStatus: { code: 404, reason: 'NotFound', message: 'pods "web" not found' },
    });
  });
});
