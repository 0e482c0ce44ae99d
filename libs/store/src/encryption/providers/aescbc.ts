// aescbc: AES in CBC mode with PKCS#7 padding and a random IV per value (stored as IV || ciphertext),
// kube-apiserver's long-standing choice. It has no authentication: a wrong key is caught by the
// padding check, or else by the decoded value failing to parse (see provider-chain.ts).
import { createCipheriv, createDecipheriv, randomBytes } from 'crypto';
import type { KeyProvider } from './provider';

const BLOCK = 16;

export function aescbc(keyName: string, secret: Buffer): KeyProvider {
  const algorithm = `aes-${secret.length * 8}-cbc`;
  return {
    kind: 'aescbc',
    keyName,
    seal(plain) {
      const iv = randomBytes(BLOCK);
      const cipher = createCipheriv(algorithm, secret, iv);
      return Buffer.concat([iv, cipher.update(plain), cipher.final()]);
    },
    open(sealed) {
      if (sealed.length < 2 * BLOCK || sealed.length % BLOCK !== 0) {
        throw new Error(`the data is ${sealed.length} bytes, not an IV and whole ${BLOCK}-byte blocks`);
      }
      const decipher = createDecipheriv(algorithm, secret, sealed.subarray(0, BLOCK));
      return Buffer.concat([decipher.update(sealed.subarray(BLOCK)), decipher.final()]);
    },
  };
}
