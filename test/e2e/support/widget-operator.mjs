// A small operator written as users write them, with @kubernetes/client-node (an ES module,
// hence this script): it lists and watches Widgets in a namespace and, for each one whose spec
// it has not seen yet, writes its status subresource: the generation it saw and the size.
// Usage: node widget-operator.mjs KUBECONFIG NAMESPACE
import * as k8s from '@kubernetes/client-node';

const [kubeconfigPath, namespace] = process.argv.slice(2);
const kc = new k8s.KubeConfig();
kc.loadFromFile(kubeconfigPath);
const api = kc.makeApiClient(k8s.CustomObjectsApi);
const where = { group: 'ops.example.com', version: 'v1', namespace, plural: 'widgets' };

async function reconcile(widget) {
  const generation = widget.metadata.generation;
  if (widget.status?.observedGeneration === generation) return;
  const status = { observedGeneration: generation, phase: 'Ready', size: widget.spec.size };
  await api.replaceNamespacedCustomObjectStatus({ ...where, name: widget.metadata.name, body: { ...widget, status } });
  console.log(`RECONCILED ${widget.metadata.name} generation ${generation}`);
}

const list = await api.listNamespacedCustomObject(where);
for (const widget of list.items) await reconcile(widget);
console.log('SYNCED');
const watch = new k8s.Watch(kc);
await watch.watch(
  `/apis/${where.group}/${where.version}/namespaces/${namespace}/${where.plural}`,
  { resourceVersion: list.metadata.resourceVersion },
  (type, widget) => {
    if (type === 'ADDED' || type === 'MODIFIED') reconcile(widget).catch((err) => console.log(`ERROR ${err.message}`));
  },
  (err) => {
    console.log(`WATCH ENDED ${err ? err.message : ''}`);
    process.exit(err ? 1 : 0);
  },
);
