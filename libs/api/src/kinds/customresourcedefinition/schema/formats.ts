// The string and number formats kube-openapi's format registry knows (the ones CRDs use): a value
// of the wrong shape gets "<path> in body must be of type <format>". Unknown formats pass, as
// upstream ignores them.
import { isIP } from 'net';

type FormatCheck = (value: unknown) => boolean;

const str =
  (test: (s: string) => boolean): FormatCheck =>
  (v) =>
    typeof v !== 'string' || test(v);
const re = (r: RegExp): FormatCheck => str((s) => r.test(s));

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
const MAC = /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{4}\.){2}[0-9A-Fa-f]{4}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/;
// Go's time.ParseDuration units, and the ISO 8601 form strfmt also takes.
const DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h|d|w))+$|^P(\d+[YMWD])*(T(\d+[HMS])+)?$/;
const BASE64 = /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const INT32 = 2 ** 31;

function validDate(s: string): boolean {
  return !Number.isNaN(Date.parse(s.slice(0, 10)));
}

function cidr(s: string): boolean {
  const [ip, bits, ...rest] = s.split('/');
  if (rest.length || !ip || bits === undefined || !/^\d+$/.test(bits)) return false;
  const family = isIP(ip);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

function uri(s: string): boolean {
  try {
    return new URL(s).protocol.length > 1;
  } catch {
    return false;
  }
}

const FORMATS: Record<string, FormatCheck> = {
  int32: (v) => typeof v !== 'number' || (Number.isInteger(v) && v >= -INT32 && v < INT32),
  int64: (v) => typeof v !== 'number' || Number.isSafeInteger(v),
  float: () => true,
  double: () => true,
  byte: re(BASE64),
  date: str((s) => DATE.test(s) && validDate(s)),
  'date-time': str((s) => DATE_TIME.test(s) && validDate(s)),
  datetime: str((s) => DATE_TIME.test(s) && validDate(s)),
  duration: re(DURATION),
  uuid: re(UUID),
  uuid3: re(UUID),
  uuid4: re(UUID),
  uuid5: re(UUID),
  email: re(EMAIL),
  hostname: re(HOSTNAME),
  ipv4: str((s) => isIP(s) === 4),
  ipv6: str((s) => isIP(s) === 6),
  cidr: str(cidr),
  mac: re(MAC),
  uri: str(uri),
  password: () => true,
};

/** False when `value` does not have `format` (a format upstream does not know always passes). */
export function hasFormat(format: string, value: unknown): boolean {
  return FORMATS[format]?.(value) ?? true;
}
