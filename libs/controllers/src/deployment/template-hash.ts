// pod-template-hash: a short, stable name for a pod template, so every template change makes a
// new ReplicaSet and an identical template finds its old one again (rollback reuses it).
import type { PodTemplate } from '../common/template';

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

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
