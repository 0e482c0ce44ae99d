// etcd's own log (zap JSON lines on stderr) relayed through ours, each line at etcd's level.

import type { LogFields, Logger } from '@stevedore/log';
import { createInterface } from 'readline';
import type { Readable } from 'stream';

/** Logs every line etcd writes to `stream` until it ends. */
export function relayEtcdOutput(stream: Readable, log: Logger): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => relayLine(line, log));
}

/**
 * etcd 3.4's gRPC gateway dials etcd's own client port while etcd starts; over TLS its first try
 * comes before etcd listens, and gRPC logs the retry as a WARNING on every start.
 */
const GATEWAY_STARTUP_RETRY = /\[core\] grpc: addrConn\.createTransport failed to connect .* connect: connection refused"\. Reconnecting/;

export function relayLine(line: string, log: Logger): void {
  const record = parseZap(line);
  if (!record) {
    if (GATEWAY_STARTUP_RETRY.test(line)) log.debug(line.trim());
    else if (line.trim()) log.warn(line.trim());
    return;
  }
  // etcd's time and source line add nothing ours do not already say.
  const { level, msg, ts: _ts, caller: _caller, ...fields } = record;
  const text = typeof msg === 'string' ? msg : line;
  if (level === 'debug') log.debug(text, fields);
  else if (level === 'info') log.info(text, fields);
  else if (level === 'warn') log.warn(text, fields);
  else log.error(text, fields);
}

function parseZap(line: string): LogFields | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as LogFields) : undefined;
  } catch {
    // Not one of zap's records (a panic's trace, say): the caller logs the line as it is.
    return undefined;
  }
}
