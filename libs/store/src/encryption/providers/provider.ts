// The provider seam: one key of one provider of an EncryptionConfiguration, as kube-apiserver
// names them. Values it seals are stored as `k8s:enc:<provider>:v1:<keyName>:<payload>`.

export type KeyProviderKind = 'aescbc' | 'aesgcm' | 'secretbox';

/** One named key: seals plaintext and opens what it sealed. */
export interface KeyProvider {
  readonly kind: KeyProviderKind;
  readonly keyName: string;
  seal(plain: Buffer): Buffer;
  /** Throws when the data was not sealed by this very key (tampered, truncated or another key). */
  open(sealed: Buffer): Buffer;
}

/** `identity` writes plaintext; listed after a key provider it lets unencrypted values be read. */
export type Provider = KeyProvider | { readonly kind: 'identity' };

/** The prefix kube-apiserver gives values sealed with this key, so rotation can tell keys apart. */
export function prefixOf(provider: KeyProvider): string {
  return `k8s:enc:${provider.kind}:v1:${provider.keyName}:`;
}

export function isKeyProvider(provider: Provider): provider is KeyProvider {
  return provider.kind !== 'identity';
}
