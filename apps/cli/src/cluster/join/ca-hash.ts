// The hash a joining host pins the cluster's CA by, as kubeadm's --discovery-token-ca-cert-hash:
// `sha256:` and the hex SHA-256 of the CA certificate's DER-encoded SubjectPublicKeyInfo. It is
// short enough to print in a join command, and only that CA's key pair matches it.
import { createHash, X509Certificate } from 'crypto';

export function caCertHash(caPem: string): string {
  const spki = new X509Certificate(caPem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

/** Parses a --ca-cert-hash value; only sha256 is known (as kubeadm). */
export function parseCaCertHash(text: string): string {
  const value = text.trim().toLowerCase();
  if (!/^sha256:[0-9a-f]{64}$/.test(value)) throw new Error(`${text} is not a CA hash (sha256: and 64 hex digits)`);
  return value;
}

/** Throws unless `caPem` is the CA `expected` names: a server that is not the cluster's is refused before anything is sent to it. */
export function verifyCaCertHash(caPem: string, expected: string): void {
  const actual = caCertHash(caPem);
  if (actual !== expected) throw new Error(`the server's CA hashes to ${actual}, not ${expected}: refusing to join it`);
}
