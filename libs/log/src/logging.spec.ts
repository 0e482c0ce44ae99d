import { Writable } from 'stream';
import type { LogFormat, LogLevel } from './levels';
import { configureLogging, logger } from './logging';
import { formatText } from './text-format';

/** Configures logging into memory; returns the lines written so far. */
function capture(level: LogLevel, format: LogFormat): () => string[] {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  configureLogging({ level, format, destination });
  return () => text.split('\n').filter(Boolean);
}

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;

afterAll(() => configureLogging({ level: 'info', format: 'text' }));

describe('text format', () => {
  it('writes time, level, component, message and fields on one line', () => {
    const lines = capture('info', 'text');
    logger('apiserver').info('API serving on https://127.0.0.1:6443', { key: 'default/web', pods: 3, ready: true });
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatch(TIME);
    expect(lines()[0]!.replace(TIME, '')).toBe('INFO  apiserver: API serving on https://127.0.0.1:6443 key=default/web pods=3 ready=true');
  });

  it('pads every level to one width and quotes values with spaces', () => {
    const lines = capture('trace', 'text');
    const log = logger('scheduler');
    log.trace('t');
    log.debug('d');
    log.warn('w', { reason: 'no node fits', labels: { app: 'web' } });
    log.error('e');
    expect(lines().map((l) => l.replace(TIME, ''))).toEqual([
      'TRACE scheduler: t',
      'DEBUG scheduler: d',
      'WARN  scheduler: w reason="no node fits" labels={"app":"web"}',
      'ERROR scheduler: e',
    ]);
  });

  it('shows an error as its message, quoted, and keeps a record with line breaks on one line', () => {
    const lines = capture('info', 'text');
    logger('gateway').error('cannot renew lease\nretrying', { node: 'host-2', err: new Error('etcd unavailable') });
    expect(lines()).toHaveLength(1);
    expect(lines()[0]!.replace(TIME, '')).toBe('ERROR gateway: cannot renew lease\\nretrying node=host-2 err="etcd unavailable"');
  });

  it('takes messages literally (no printf-style placeholders)', () => {
    const lines = capture('info', 'text');
    logger('agent').info('100%s done %d', { n: 1 });
    expect(lines()[0]!.replace(TIME, '')).toBe('INFO  agent: 100%s done %d n=1');
  });
});

describe('json format', () => {
  it("is pino's NDJSON with the component, the fields and the error's message and stack", () => {
    const lines = capture('info', 'json');
    const err = new Error('boom');
    logger('replicaset-controller').warn('reconcile failed; retrying', { key: 'default/web', err });
    const record = JSON.parse(lines()[0]!);
    expect(record).toMatchObject({
      level: 40,
      component: 'replicaset-controller',
      msg: 'reconcile failed; retrying',
      key: 'default/web',
      pid: process.pid,
      err: { type: 'Error', message: 'boom', stack: err.stack },
    });
    expect(typeof record.time).toBe('number');
  });
});

describe('levels', () => {
  it('drops records below the configured level', () => {
    const lines = capture('warn', 'json');
    const log = logger('etcd');
    log.trace('t');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines().map((l) => JSON.parse(l).msg)).toEqual(['w', 'e']);
  });

  it('logs nothing when silent', () => {
    const lines = capture('silent', 'text');
    logger('etcd').error('e');
    expect(lines()).toEqual([]);
  });

  it('applies to loggers made before logging was configured', () => {
    const early = logger('early');
    const lines = capture('error', 'json');
    early.warn('dropped');
    early.error('kept');
    expect(lines().map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ component: 'early', msg: 'kept' })]);
  });
});

describe('child loggers', () => {
  it('add their fields to every record, and may name another component without repeating the field', () => {
    const lines = capture('info', 'json');
    const agent = logger('agent').child({ node: 'hollow-7' });
    agent.info('registered');
    agent.child({ component: 'network' }).info('route added', { cidr: '198.19.3.0/24' });
    expect(lines()[0]).toContain('"component":"agent","node":"hollow-7"');
    expect(JSON.parse(lines()[1]!)).toMatchObject({ component: 'network', node: 'hollow-7', cidr: '198.19.3.0/24' });
    expect(lines()[1]!.match(/"component"/g)).toHaveLength(1);
  });

  it('show their fields in the text form too', () => {
    const lines = capture('info', 'text');
    logger('agent').child({ node: 'host-2' }).info('joined');
    expect(lines()[0]!.replace(TIME, '')).toBe('INFO  agent: joined node=host-2');
  });
});

describe('formatText', () => {
  it('passes a line that is not a JSON record through rather than lose it', () => {
    expect(formatText('not json')).toBe('not json\n');
  });
});
