// Public API of @stevedore/pki: the cluster CA, serving certificates, tokens and kubeconfigs.

export type { ClientCertRequest } from './client-cert';
export { issueClientCert, subjectProblem } from './client-cert';
export type { ClusterPki } from './cluster-pki';
export { ensureClusterPki } from './cluster-pki';
export type { EtcdClientTls, EtcdPki } from './etcd-pki';
export { ensureEtcdPki, etcdPkiFiles } from './etcd-pki';
export type { FrontProxyPki } from './front-proxy-pki';
export { ensureFrontProxyPki, FRONT_PROXY_CLIENT_NAME, frontProxyPkiFiles } from './front-proxy-pki';
export type { KubeconfigOptions } from './kubeconfig';
export { kubeconfig, writeKubeconfig } from './kubeconfig';
export { ensureToken, newToken, tokensEqual } from './tokens';
