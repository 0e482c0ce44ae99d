// The providers configured for one set of resources, in order: the first seals every write, and
// any of them opens a read, picked by the value's prefix. That is how keys rotate: list the new
// key first, keep the old one after it until everything is rewritten, then drop it.
import { isKeyProvider, type KeyProvider, type Provider, prefixOf } from './providers/provider';

/** A stored value that cannot be read with the configured keys; never replaced by a guess. */
export class DecryptionError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`cannot decrypt ${key}: ${message}`);
    this.name = 'DecryptionError';
  }
}

export class ProviderChain {
  private readonly keys: { prefix: string; provider: KeyProvider }[];
  /** Only with `identity` listed are unencrypted values accepted, as kube-apiserver does. */
  readonly readsPlaintext: boolean;

  constructor(readonly providers: readonly Provider[]) {
    this.keys = providers.filter(isKeyProvider).map((provider) => ({ prefix: prefixOf(provider), provider }));
    this.readsPlaintext = providers.some((p) => p.kind === 'identity');
  }

  /** The stored form of a value: prefixed and base64-sealed, or undefined when `identity` comes first (stored as is). */
  seal(plaintext: string): string | undefined {
    const first = this.providers[0];
    if (!first || !isKeyProvider(first)) return undefined;
    return prefixOf(first) + first.seal(Buffer.from(plaintext)).toString('base64');
  }

  /**
   * The plaintext of a sealed value. The payload must also parse as the JSON object it was:
   * aescbc has no authentication, and a wrong key passing its padding check must not yield garbage.
   */
  open(key: string, stored: string): string {
    const match = this.keys.find((k) => stored.startsWith(k.prefix));
    if (!match) throw new DecryptionError(key, `no configured key matches its prefix ${describePrefix(stored)}`);
    const { provider, prefix } = match;
    let plaintext: string;
    try {
      plaintext = provider.open(Buffer.from(stored.slice(prefix.length), 'base64')).toString();
      if (!plaintext.startsWith('{')) throw new Error('the result is not a stored object');
      JSON.parse(plaintext);
    } catch (err) {
      const why = (err as Error).message;
      throw new DecryptionError(
        key,
        `${provider.kind} key "${provider.keyName}" does not open it (${why}): is it the key that encrypted it?`,
      );
    }
    return plaintext;
  }
}

/** `k8s:enc:aescbc:v1:key1:`, for messages; never any of the payload. */
export function describePrefix(stored: string): string {
  const parts = stored.split(':');
  return parts.length >= 6 ? `${parts.slice(0, 5).join(':')}:` : 'k8s:enc:(unknown)';
}
