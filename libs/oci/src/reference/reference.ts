// Image references as Docker reads them: [REGISTRY/][USER/]NAME[:TAG][@sha256:HEX].
export const DEFAULT_REGISTRY = 'docker.io';

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const DOMAIN =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d+)?$|^\[[0-9a-fA-F:]+\](?::\d+)?$/;

export class InvalidReferenceError extends Error {
  constructor(reference: string, why: string) {
    super(`invalid reference "${reference}": ${why}`);
    this.name = 'InvalidReferenceError';
  }
}

export interface Reference {
  registry: string;
  /** Path in the registry, e.g. library/busybox. */
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseReference(input: string): Reference {
  const text = input.trim();
  if (!text) throw new InvalidReferenceError(input, 'it is empty');
  const [namePart, digest, ...extra] = text.split('@');
  if (extra.length) throw new InvalidReferenceError(input, 'more than one "@"');
  if (digest !== undefined && !DIGEST.test(digest))
    throw new InvalidReferenceError(input, 'the digest must be sha256: followed by 64 lowercase hex digits');
  let name = namePart!;
  let tag: string | undefined;
  const lastColon = name.lastIndexOf(':');
  if (lastColon > name.lastIndexOf('/')) {
    tag = name.slice(lastColon + 1);
    name = name.slice(0, lastColon);
    if (!TAG.test(tag))
      throw new InvalidReferenceError(
        input,
        `invalid tag "${tag}" (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-")`,
      );
  }
  const parts = name.split('/');
  let registry = DEFAULT_REGISTRY;
  if (parts.length > 1 && (parts[0]!.includes('.') || parts[0]!.includes(':') || parts[0] === 'localhost')) {
    registry = parts.shift()!;
    if (!DOMAIN.test(registry)) throw new InvalidReferenceError(input, `invalid registry "${registry}"`);
  }
  if (parts.some((p) => !COMPONENT.test(p))) {
    const bad = parts.find((p) => !COMPONENT.test(p))!;
    const hint = /[A-Z]/.test(bad) ? ' (repository names must be lowercase)' : '';
    throw new InvalidReferenceError(input, `invalid repository name component "${bad}"${hint}`);
  }
  if (registry === DEFAULT_REGISTRY && parts.length === 1) parts.unshift('library');
  const repository = parts.join('/');
  if (repository.length > 255) throw new InvalidReferenceError(input, 'the repository name is longer than 255 characters');
  if (registry === 'index.docker.io') registry = DEFAULT_REGISTRY;
  return { registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}), ...(!tag && !digest ? { tag: 'latest' } : {}) };
}

/** Canonical form used as the key of tags: docker.io/library/busybox:latest. */
export function canonical(ref: Reference): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** The short form Docker prints: busybox:latest, me/app:1, localhost:5000/app:1. */
export function familiar(ref: Reference): string {
  return `${familiarName(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** REPOSITORY column: the name without tag. */
export function familiarName(ref: Pick<Reference, 'registry' | 'repository'>): string {
  if (ref.registry !== DEFAULT_REGISTRY) return `${ref.registry}/${ref.repository}`;
  return ref.repository.startsWith('library/') ? ref.repository.slice('library/'.length) : ref.repository;
}
