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

  it("logs the gRPC gateway's retry while etcd starts at debug level, other gRPC warnings as warnings", () => {
    const { log, records } = recorder();
    const retry =
      'WARNING: 2026/12/06 16:28:59 [core] grpc: addrConn.createTransport failed to connect to {127.0.0.1:41595 127.0.0.1:41595 <nil> 0 <nil>}. Err: connection error: desc = "transport: Error while dialing dial tcp 127.0.0.1:41595: connect: connection refused". Reconnecting...';
    relayLine(retry, log);
    relayLine('WARNING: 2026/12/06 16:29:00 [core] grpc: Server.Serve failed to create ServerTransport: tls: bad certificate', log);
    expect(records.map(([level]) => level)).toEqual(['debug', 'warn']);
  });
});
