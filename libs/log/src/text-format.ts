// The text form of a record: pino's JSON line turned into
//   2026-12-06T10:33:24.841Z INFO  apiserver: API serving on https://… key=default/web err="…"
// one line per record: time, level, component, message, then the other fields as k=v.

const LABELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Fields the line shows in its fixed places, or not at all (pid and hostname, which JSON keeps). */
const PLACED = new Set(['level', 'time', 'component', 'msg', 'pid', 'hostname']);

/** One JSON record from pino (ending in a newline) as one text line. */
export function formatText(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    // pino writes only JSON; should anything else arrive, it is shown as it came rather than lost.
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString() : String(record.time);
  const level = (LABELS[record.level as number] ?? String(record.level)).padEnd(5);
  const component = typeof record.component === 'string' ? `${record.component}: ` : '';
  let line = `${time} ${level} ${component}${oneLine(String(record.msg ?? ''))}`;
  for (const [key, value] of Object.entries(record)) {
    if (!PLACED.has(key) && value !== undefined) line += ` ${key}=${formatValue(value)}`;
  }
  return `${line}\n`;
}

/** Words stay bare; anything with spaces, quotes or '=' is quoted; an error shows its message (its stack is in the JSON form). */
function formatValue(value: unknown): string {
  if (isSerializedError(value)) return quoteIfNeeded(value.message);
  if (typeof value === 'string') return quoteIfNeeded(value);
  if (value === null || typeof value !== 'object') return String(value);
  return JSON.stringify(value);
}

function quoteIfNeeded(text: string): string {
  return /^[^\s"'=\\]+$/.test(text) ? text : JSON.stringify(text);
}

/** A message with line breaks would split the record; they are shown escaped instead. */
function oneLine(text: string): string {
  return text.replace(/\r?\n/g, '\\n');
}

function isSerializedError(value: unknown): value is { message: string } {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string' && 'stack' in value;
}
