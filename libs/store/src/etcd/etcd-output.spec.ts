import type { LogFields, Logger } from '@stevedore/log';
import { relayLine } from './etcd-output';

function recorder(): { log: Logger; records: [string, string, LogFields?][] } {
  const records: [string, string, LogFields?][] = [];
  const at = (level: string) => (msg: string, fields?: LogFields) => void records.push(fields ? [level, msg, fields] : [level, msg]);
  const log: Logger = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log };
  return { log, records };
}

describe("etcd's output", () => {
  it("is logged at etcd's level, with its fields but not its time and source line", () => {
    const { log, records } = recorder();
    relayLine(
      '{"level":"error","ts":"2026-12-06T10:33:24.841Z","caller":"etcdserver/server.go:1","msg":"failed to publish","error":"timeout"}',
      log,
    );
    relayLine('{"level":"warn","ts":1,"msg":"slow fdatasync","took":"1.2s"}', log);
    expect(records).toEqual([
      ['error', 'failed to publish', { error: 'timeout' }],
      ['warn', 'slow fdatasync', { took: '1.2s' }],
    ]);
  });

  it('keeps lines that are not JSON, as warnings', () => {
    const { log, records } = recorder();
    relayLine('panic: runtime error', log);
    relayLine('{not json', log);
    relayLine('   ', log);
    expect(records).toEqual([
      ['warn', 'panic: runtime error'],
      ['warn', '{not json'],
    ]);
  });
});
