// The `extension-apiserver-authentication` ConfigMap in kube-system, as kube-apiserver keeps it:
// what an aggregated API server (metrics-server, say) reads to authenticate requests itself —
// the cluster CA for client certificates, and the front-proxy CA, names and header names for
// requests the API server proxies. List values are JSON arrays in strings, as upstream writes them.
import { type ConfigMap, configMaps, isAlreadyExists } from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import type { FrontProxy } from './front-proxy';

export const EXTENSION_AUTHENTICATION = { namespace: 'kube-system', name: 'extension-apiserver-authentication' };

export function extensionAuthenticationData(clusterCa: string, proxy: FrontProxy): Record<string, string> {
  return {
    'client-ca-file': clusterCa,
    'requestheader-client-ca-file': proxy.caCert,
    'requestheader-allowed-names': JSON.stringify(proxy.allowedNames),
    'requestheader-username-headers': JSON.stringify(['X-Remote-User']),
    'requestheader-group-headers': JSON.stringify(['X-Remote-Group']),
    'requestheader-extra-headers-prefix': JSON.stringify(['X-Remote-Extra-']),
  };
}

/** Creates the ConfigMap, or brings its data up to date (a new CA or flags since the last start). */
export async function ensureExtensionAuthentication(registry: ObjectRegistry, clusterCa: string, proxy: FrontProxy): Promise<void> {
  const { namespace, name } = EXTENSION_AUTHENTICATION;
  const data = extensionAuthenticationData(clusterCa, proxy);
  try {
    await registry.create(configMaps, namespace, { metadata: { name, namespace }, data });
    return;
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  await registry.modify(configMaps, namespace, name, (current: ConfigMap) =>
    JSON.stringify(current.data) === JSON.stringify(data) ? undefined : { ...current, data },
  );
}
