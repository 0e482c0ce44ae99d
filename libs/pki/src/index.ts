// Public API of @stevedore/pki: the cluster CA, serving certificates, tokens and kubeconfigs.
export { ensureClusterPki } from './cluster-pki';
export type { ClusterPki } from './cluster-pki';
export { ensureToken, newToken, tokensEqual } from './tokens';
export { kubeconfig, writeKubeconfig } from './kubeconfig';
export type { KubeconfigOptions } from './kubeconfig';
