// pod-template-hash: a short, stable name for a pod template, so every template change makes a
// new ReplicaSet and an identical template finds its old one again (rollback reuses it).
import { stableJson } from '../common/stable-json';
import type { PodTemplate } from '../common/template';

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function templateHash(template: PodTemplate, collisionCount = 0): string {
  const labels = { ...template.metadata?.labels };
  delete labels['pod-template-hash'];
  let n = fnv1a32(stableJson({ ...template, metadata: { ...template.metadata, labels } }) + (collisionCount ? `/${collisionCount}` : ''));
  let out = '';
  do {
    out += SAFE_ALPHABET[n % SAFE_ALPHABET.length];
    n = Math.floor(n / SAFE_ALPHABET.length);
  } while (n > 0);
  return out;
}
