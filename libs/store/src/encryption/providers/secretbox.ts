// secretbox: XSalsa20-Poly1305 (NaCl's secretbox) with a 32-byte key and a random 24-byte nonce
// per value (stored as nonce || box). Authenticated, so a wrong key always fails.
import nacl from 'tweetnacl';
import type { KeyProvider } from './provider';

const NONCE = nacl.secretbox.nonceLength;

export function secretbox(keyName: string, secret: Buffer): KeyProvider {
  const key = new Uint8Array(secret);
  return {
    kind: 'secretbox',
    keyName,
    seal(plain) {
      const nonce = nacl.randomBytes(NONCE);
      return Buffer.concat([nonce, nacl.secretbox(new Uint8Array(plain), nonce, key)]);
    },
    open(sealed) {
      if (sealed.length < NONCE + nacl.secretbox.overheadLength) throw new Error(`the data is ${sealed.length} bytes, too short for a box`);
      const plain = nacl.secretbox.open(sealed.subarray(NONCE), sealed.subarray(0, NONCE), key);
      if (!plain) throw new Error('authentication failed');
      return Buffer.from(plain);
    },
  };
}
