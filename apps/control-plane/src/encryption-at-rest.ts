// --encryption-provider-config: the control plane's store, wrapped so the configured resources
// (Secrets, usually) are encrypted before they reach etcd.
import { logger } from '@stevedore/log';
import { EncryptingStore, loadEncryptionConfig, type Store } from '@stevedore/store';
import type { ControlPlaneConfig } from './config';

/** Opens the store, encrypting at rest when configured. The config is read first: a bad one stops the start before anything is written. */
export async function openWithEncryption(config: ControlPlaneConfig, open: (config: ControlPlaneConfig) => Promise<Store>): Promise<Store> {
  if (!config.encryptionProviderConfig) return open(config);
  const encryption = await loadEncryptionConfig(config.encryptionProviderConfig);
  logger('encryption').info(`encrypting resources at rest as ${config.encryptionProviderConfig} says`);
  return new EncryptingStore(await open(config), encryption);
}
