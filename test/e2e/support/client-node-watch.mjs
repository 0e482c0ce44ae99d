// Lists then watches pods with @kubernetes/client-node (an ES module, hence this script).
// Usage: node client-node-watch.mjs KUBECONFIG NAMESPACE
import * as k8s from '@kubernetes/client-node';

const [kubeconfigPath, namespace] = process.argv.slice(2);
const kc = new k8s.KubeConfig();
kc.loadFromFile(kubeconfigPath);
const core = kc.makeApiClient(k8s.CoreV1Api);
const list = await core.listNamespacedPod({ namespace });
console.log(`LISTED ${list.items.map((p) => p.metadata.name).join(',')}`);
const watch = new k8s.Watch(kc);
await watch.watch(
  `/api/v1/namespaces/${namespace}/pods`,
  { resourceVersion: list.metadata.resourceVersion },
  (type, pod) => console.log(`WATCHED ${type} ${pod.metadata.name}`),
  (err) => {
    console.log(`WATCH ENDED ${err ? err.message : ''}`);
    process.exit(err ? 1 : 0);
  },
);
