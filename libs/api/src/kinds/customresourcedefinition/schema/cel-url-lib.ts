// Kubernetes' CEL URL library: url("https://example.com:8080/p?q=1") and its getters. A URL is a
// CEL map holding its text under a key no JSON field can have, so methods can recognise it.
import { CelScalar, type CelValue, celFunc, celMethod, isCelMap, listType, mapType } from '@bufbuild/cel';

const KEY = '\u0000url';

function parsed(v: CelValue): URL {
  if (!isCelMap(v) || !v.has(KEY)) throw new Error('no such overload: not a URL');
  return new URL(v.get(KEY) as string);
}

function make(s: string): Map<string, string> {
  try {
    new URL(s);
  } catch {
    throw new Error(`URL parse error during conversion from string: ${s}`);
  }
  return new Map([[KEY, s]]);
}

const DYN = CelScalar.DYN;
const STRING = CelScalar.STRING;

export const urlLibrary = [
  celFunc('url', [STRING], DYN, make),
  celMethod('getScheme', DYN, [], STRING, function () {
    return parsed(this).protocol.replace(/:$/, '');
  }),
  celMethod('getHost', DYN, [], STRING, function () {
    return parsed(this).host;
  }),
  celMethod('getHostname', DYN, [], STRING, function () {
    return parsed(this).hostname.replace(/^\[(.*)\]$/, '$1');
  }),
  celMethod('getPort', DYN, [], STRING, function () {
    return parsed(this).port;
  }),
  celMethod('getEscapedPath', DYN, [], STRING, function () {
    return parsed(this).pathname;
  }),
  celMethod('getQuery', DYN, [], mapType(STRING, listType(STRING)), function () {
    const query = new Map<string, string[]>();
    for (const [k, v] of parsed(this).searchParams) query.set(k, [...(query.get(k) ?? []), v]);
    return query;
  }),
];
