// aesgcm: AES-GCM with a random 12-byte nonce per value (stored as nonce || ciphertext || tag).
// Authenticated, so a wrong key always fails. A random nonce may repeat after enough writes with
// one key, which is why Kubernetes asks for aesgcm keys to be rotated every 200,000 writes.
import { createCipheriv, createDecipheriv, randomBytes } from 'crypto';
import type { KeyProvider } from './provider';

const NONCE = 12;
const TAG = 16;

export function aesgcm(keyName: string, secret: Buffer): KeyProvider {
  const algorithm = `aes-${secret.length * 8}-gcm` as const;
  return {
    kind: 'aesgcm',
    keyName,
    seal(plain) {
      const nonce = randomBytes(NONCE);
      const cipher = createCipheriv(algorithm as 'aes-256-gcm', secret, nonce);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([nonce, body, cipher.getAuthTag()]);
    },
    open(sealed) {
      if (sealed.length < NONCE + TAG) throw new Error(`the data is ${sealed.length} bytes, shorter than a nonce and a tag`);
      const decipher = createDecipheriv(algorithm as 'aes-256-gcm', secret, sealed.subarray(0, NONCE));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
      return Buffer.concat([decipher.update(sealed.subarray(NONCE, sealed.length - TAG)), decipher.final()]);
    },
  };
}
