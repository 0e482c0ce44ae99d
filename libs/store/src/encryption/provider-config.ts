// One `providers[]` entry of an EncryptionConfiguration, checked and turned into providers.
// Problems are collected with their field paths so a bad file is refused with all of them.
import { aescbc } from './providers/aescbc';
import { aesgcm } from './providers/aesgcm';
import type { KeyProvider, Provider } from './providers/provider';
import { secretbox } from './providers/secretbox';

type KeyFactory = (keyName: string, secret: Buffer) => KeyProvider;

const KEY_PROVIDERS: Record<string, { make: KeyFactory; sizes: number[] }> = {
  aescbc: { make: aescbc, sizes: [16, 24, 32] },
  aesgcm: { make: aesgcm, sizes: [16, 24, 32] },
  secretbox: { make: secretbox, sizes: [32] },
};
const KNOWN = [...Object.keys(KEY_PROVIDERS), 'identity', 'kms'];

/** The providers of one entry (exactly one per entry); problems go to `errors`. */
export function parseProvider(entry: unknown, path: string, errors: string[]): Provider[] {
  if (!isRecord(entry)) return fail(errors, `${path}: Invalid value: must be a mapping naming one provider`);
  const kinds = Object.keys(entry).filter((k) => entry[k] !== undefined && entry[k] !== null);
  if (kinds.length !== 1) {
    return fail(errors, `${path}: Invalid value: ${JSON.stringify(kinds)}: exactly one provider must be set, one of ${KNOWN.join(', ')}`);
  }
  const kind = kinds[0]!;
  if (kind === 'identity') return [{ kind: 'identity' }];
  if (kind === 'kms') {
    return fail(errors, `${path}.kms: Unsupported value: stevedore has no KMS plugin support; use aescbc, aesgcm or secretbox`);
  }
  const spec = KEY_PROVIDERS[kind];
  if (!spec) return fail(errors, `${path}.${kind}: Unsupported value: supported providers are ${KNOWN.join(', ')}`);
  return parseKeys(entry[kind], `${path}.${kind}`, kind, spec, errors);
}

function parseKeys(body: unknown, path: string, kind: string, spec: (typeof KEY_PROVIDERS)[string], errors: string[]): KeyProvider[] {
  const keys = isRecord(body) ? body.keys : undefined;
  if (!Array.isArray(keys) || keys.length === 0) return fail(errors, `${path}.keys: Required value: at least one key is needed`);
  const seen = new Set<string>();
  const providers: KeyProvider[] = [];
  keys.forEach((key: unknown, i) => {
    const at = `${path}.keys[${i}]`;
    const name = isRecord(key) ? key.name : undefined;
    const secret = isRecord(key) ? key.secret : undefined;
    const before = errors.length;
    if (typeof name !== 'string' || !name) errors.push(`${at}.name: Required value`);
    // The name ends up in the stored prefix, whose parts colons separate.
    else if (name.includes(':')) errors.push(`${at}.name: Invalid value: ${JSON.stringify(name)}: must not contain ':'`);
    else if (seen.has(name)) errors.push(`${at}.name: Duplicate value: ${JSON.stringify(name)}`);
    const bytes = typeof secret === 'string' ? decodeBase64(secret) : undefined;
    if (typeof secret !== 'string' || !secret) errors.push(`${at}.secret: Required value`);
    else if (!bytes) errors.push(`${at}.secret: Invalid value: "REDACTED": must be base64`);
    else if (!spec.sizes.includes(bytes.length)) {
      errors.push(
        `${at}.secret: Invalid value: "REDACTED": secret is not of the expected length, got ${bytes.length}, expected one of [${spec.sizes.join(' ')}] bytes for ${kind}`,
      );
    }
    if (errors.length > before) return;
    seen.add(name as string);
    providers.push(spec.make(name as string, bytes!));
  });
  return providers;
}

/** Strict base64 (standard alphabet, padded): a typo must not silently become another key. */
function decodeBase64(text: string): Buffer | undefined {
  const trimmed = text.trim();
  const bytes = Buffer.from(trimmed, 'base64');
  return bytes.length > 0 && bytes.toString('base64') === trimmed ? bytes : undefined;
}

function fail(errors: string[], message: string): [] {
  errors.push(message);
  return [];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
