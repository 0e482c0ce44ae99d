// How option texts become values. Each parser throws an Error whose message starts with the
// text it refused ("99999 is not a port (1-65535)"); the option adds its flag in front.
import { isIP, isIPv4 } from 'net';
import * as path from 'path';
import type { Parser } from './option-spec';

/** A whole number from `min` to `max`; `what` names it in the error ("a port (1-65535)"). */
export function integer(min: number, max: number, what: string): Parser<number> {
  return (text) => {
    const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new Error(`${text} is not ${what}`);
    return n;
  };
}

/** A TCP port someone connects to. */
export const port = integer(1, 65535, 'a port (1-65535)');

/** A port to listen on, where 0 asks for any free one. */
export const listenPort = integer(0, 65535, 'a port (0-65535, 0 for any free one)');

/** Whole seconds, at least `min`. */
export const seconds = (min: number): Parser<number> =>
  integer(min, Number.MAX_SAFE_INTEGER, `a whole number of seconds (at least ${min})`);

/** A count, at least 1. */
export const positiveInteger = integer(1, Number.MAX_SAFE_INTEGER, 'a whole number (at least 1)');

/** An IPv4 or IPv6 address. */
export const ipAddress: Parser<string> = (text) => {
  if (!isIP(text)) throw new Error(`${text} is not an IP address`);
  return text;
};

/** An IPv4 range, `198.19.0.0/16` (pod and Service ranges are IPv4 only). */
export const cidr: Parser<string> = (text) => {
  const [address, prefix, ...rest] = text.split('/');
  const bits = prefix !== undefined && /^\d{1,2}$/.test(prefix) ? Number(prefix) : NaN;
  if (rest.length || !address || !isIPv4(address) || !(bits >= 0 && bits <= 32)) throw new Error(`${text} is not a CIDR`);
  return text;
};

/** One of a fixed set of words. */
export function oneOf<T extends string>(values: readonly T[]): Parser<T> {
  return (text) => {
    if (!values.includes(text as T)) throw new Error(`${text} is not one of ${values.join(', ')}`);
    return text as T;
  };
}

const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';

/** A node (or other object) name: a lower-case DNS subdomain, as Kubernetes requires. */
export const dnsSubdomain: Parser<string> = (text) => {
  if (text.length > 253 || !new RegExp(`^${DNS_LABEL}(\\.${DNS_LABEL})*$`).test(text)) {
    throw new Error(`${text} is not a valid name (lower-case letters, digits, '-' and '.', at most 253)`);
  }
  return text;
};

/** `host:port`, the host a name or an address (IPv6 in brackets); the port is required unless `portOptional`. */
export function hostPort(portOptional = false): Parser<string> {
  return (text) => {
    const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d+))?$/.exec(text);
    const portText = match?.[2];
    const portOk = portText === undefined ? portOptional : Number(portText) >= 1 && Number(portText) <= 65535;
    if (!match || !portOk) throw new Error(`${text} is not ${portOptional ? 'a host or host:port' : 'a host:port'}`);
    return text;
  };
}

/** Comma-separated http(s) URLs, e.g. etcd's client endpoints. */
export const urlList: Parser<string[]> = (text) =>
  text.split(',').map((part) => {
    if (!URL.canParse(part) || !/^https?:$/.test(new URL(part).protocol)) throw new Error(`${part} is not an http(s) URL`);
    return part;
  });

/** A network interface name as Linux allows it (at most 15 characters, no '/' or spaces). */
export const interfaceName: Parser<string> = (text) => {
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(text) || text === '.' || text === '..')
    throw new Error(`${text} is not an interface name (1-15 letters, digits, '_', '.', '-')`);
  return text;
};

/** A single path component such as a cgroup name: no '/', not '.' or '..'. */
export const simpleName: Parser<string> = (text) => {
  if (!/^[A-Za-z0-9_.-]+$/.test(text) || text === '.' || text === '..')
    throw new Error(`${text} is not a plain name (letters, digits, '_', '.', '-')`);
  return text;
};

/** Any non-empty text (tokens, registry names). */
export const nonEmpty: Parser<string> = (text) => {
  if (!text.trim()) throw new Error('an empty value is not allowed');
  return text;
};

/** A file or folder, made absolute against the working directory. */
export const filePath: Parser<string> = (text) => path.resolve(nonEmpty(text));
