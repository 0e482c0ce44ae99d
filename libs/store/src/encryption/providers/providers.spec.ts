import { randomBytes } from 'crypto';
import { aescbc } from './aescbc';
import { aesgcm } from './aesgcm';
import type { KeyProvider } from './provider';
import { secretbox } from './secretbox';

const plain = Buffer.from('{"metadata":{"name":"s"},"data":{"password":"aHVudGVyMg=="}}');

const cases: [string, (secret: Buffer) => KeyProvider, number[]][] = [
  ['aescbc', (s) => aescbc('k', s), [16, 24, 32]],
  ['aesgcm', (s) => aesgcm('k', s), [16, 24, 32]],
  ['secretbox', (s) => secretbox('k', s), [32]],
];

describe.each(cases)('%s provider', (_name, make, sizes) => {
  it.each(sizes)('round-trips with a %i-byte key, never showing the plaintext and never repeating a ciphertext', (size) => {
    const provider = make(randomBytes(size));
    const a = provider.seal(plain);
    const b = provider.seal(plain);
    expect(provider.open(a)).toEqual(plain);
    expect(provider.open(b)).toEqual(plain);
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('aHVudGVyMg'))).toBe(false);
  });

  it('refuses to open with another key, and truncated data', () => {
    const sealed = make(randomBytes(32)).seal(plain);
    const other = make(randomBytes(32));
    // aescbc without authentication may pass the padding check by chance (1 in 256); the chain then rejects the non-JSON.
    let opened: Buffer | undefined;
    try {
      opened = other.open(sealed);
    } catch {
      opened = undefined;
    }
    expect(opened?.equals(plain) ?? false).toBe(false);
    expect(() => make(randomBytes(32)).open(sealed.subarray(0, 8))).toThrow(/bytes/);
  });
});

describe('authenticated providers', () => {
  it.each([
    ['aesgcm', aesgcm],
    ['secretbox', secretbox],
  ])('%s detects a flipped bit', (_name, make) => {
    const provider = make('k', randomBytes(32));
    const sealed = provider.seal(plain);
    sealed[sealed.length - 20]! ^= 1;
    expect(() => provider.open(sealed)).toThrow();
  });
});
