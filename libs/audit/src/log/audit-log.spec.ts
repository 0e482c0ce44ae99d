import { type Logger, silentLogger } from '@stevedore/log';
import { newRegistry } from '@stevedore/metrics';
import type { AuditEvent } from '../event/audit-event';
import { AuditLog, type LineSink } from './audit-log';
import { AuditMetrics } from './audit-metrics';

const event = (auditID: string): AuditEvent => ({
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID,
  stage: 'ResponseComplete',
  requestURI: '/api/v1/pods',
  verb: 'list',
  user: { username: 'alice' },
  sourceIPs: ['127.0.0.1'],
  requestReceivedTimestamp: '2026-12-06T16:20:00.000000Z',
  stageTimestamp: '2026-12-06T16:20:00.000100Z',
});

class MemorySink implements LineSink {
  lines: string[] = [];
  gate?: Promise<void>;
  fail = false;
  async write(data: Buffer): Promise<void> {
    await this.gate;
    if (this.fail) throw new Error('ENOSPC: no space left on device');
    this.lines.push(...data.toString().split('\n').filter(Boolean));
  }
  async close(): Promise<void> {}
}

async function errorsCounted(metrics: AuditMetrics): Promise<number> {
  return (await metrics.errors.get()).values.find((v) => v.labels.plugin === 'log')?.value ?? 0;
}

describe('AuditLog', () => {
  const setup = (maxBuffered?: number) => {
    const sink = new MemorySink();
    const metrics = new AuditMetrics(newRegistry());
    const logged: string[] = [];
    const log: Logger = { ...silentLogger, error: (msg: string) => logged.push(msg) };
    return { sink, metrics, logged, audit: new AuditLog(sink, { log, metrics, maxBuffered }) };
  };

  it('writes one JSON object per line, in order, after append returns', async () => {
    const { sink, audit } = setup();
    audit.append(event('a'));
    audit.append(event('b'));
    expect(sink.lines).toEqual([]);
    await audit.flush();
    expect(sink.lines.map((l) => JSON.parse(l).auditID)).toEqual(['a', 'b']);
  });

  it('drops, counts and logs events when the disk is slower than the buffer', async () => {
    const { sink, metrics, logged, audit } = setup(3);
    let open!: () => void;
    sink.gate = new Promise((resolve) => (open = resolve));
    audit.append(event('first'));
    await new Promise((resolve) => setImmediate(resolve)); // the first batch is being written
    for (const id of ['1', '2', '3', '4', '5']) audit.append(event(id));
    open();
    await audit.flush();
    expect(sink.lines.map((l) => JSON.parse(l).auditID)).toEqual(['first', '1', '2', '3']);
    expect(await errorsCounted(metrics)).toBe(2);
    expect(logged).toEqual(['audit events dropped: the audit buffer is full']);
    expect((await metrics.events.get()).values[0]!.value).toBe(6);
  });

  it('never throws when writing fails: the events are counted as lost and later ones written', async () => {
    const { sink, metrics, logged, audit } = setup();
    sink.fail = true;
    expect(() => audit.append(event('lost'))).not.toThrow();
    await audit.flush();
    expect(await errorsCounted(metrics)).toBe(1);
    expect(logged[0]).toContain('ENOSPC');
    sink.fail = false;
    audit.append(event('kept'));
    await audit.close();
    expect(sink.lines.map((l) => JSON.parse(l).auditID)).toEqual(['kept']);
  });
});
