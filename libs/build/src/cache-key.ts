// The layer cache's key for one step: the image it starts from, the instruction as it reads
// after substitution (ARG values in effect included for RUN), and for COPY/ADD the digest of
// what it copies. Equal keys mean the step would make the same image, so it is reused.
import { createHash } from 'crypto';

export function cacheKey(step: { parentId?: string; createdBy: string; contentDigest?: string }): string {
  const text = JSON.stringify([step.parentId ?? 'scratch', step.createdBy, step.contentDigest ?? '']);
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
