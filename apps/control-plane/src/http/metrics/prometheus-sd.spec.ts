import type { ApiObject } from '@stevedore/apiserver';
import { nodeTargets, podTargets, sanitize } from './prometheus-sd';

const node = {
  metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1', 'node-role.kubernetes.io/worker': '' }, annotations: { note: 'x' } },
  spec: {},
  status: {
    addresses: [
      { type: 'Hostname', address: 'n1' },
      { type: 'InternalIP', address: '198.18.0.2' },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
  },
} as unknown as ApiObject;

const pod = (name: string, podIP: string | undefined, containers: object[]) =>
  ({
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: { app: 'web' },
      annotations: { 'prometheus.io/scrape': 'true' },
      ownerReferences: [{ kind: 'ReplicaSet', name: 'web-abc', controller: true }],
    },
    spec: { nodeName: 'n1', containers },
    status: { phase: 'Running', podIP, hostIP: '198.18.0.2', conditions: [{ type: 'Ready', status: 'True' }] },
  }) as unknown as ApiObject;

describe('Prometheus HTTP discovery with kubernetes_sd labels', () => {
  it('sanitizes label names as Prometheus does', () => {
    expect(sanitize('prometheus.io/scrape')).toBe('prometheus_io_scrape');
  });

  it('gives a node its InternalIP and kubelet port, labels, annotations and addresses', () => {
    const [group] = nodeTargets([node]);
    expect(group!.targets).toEqual(['198.18.0.2:10250']);
    expect(group!.labels).toMatchObject({
      instance: 'n1',
      __meta_kubernetes_node_name: 'n1',
      __meta_kubernetes_node_label_kubernetes_io_hostname: 'n1',
      __meta_kubernetes_node_labelpresent_kubernetes_io_hostname: 'true',
      __meta_kubernetes_node_label_node_role_kubernetes_io_worker: '',
      __meta_kubernetes_node_annotation_note: 'x',
      __meta_kubernetes_node_address_InternalIP: '198.18.0.2',
      __meta_kubernetes_node_address_Hostname: 'n1',
    });
  });

  it('gives one target per container port, one per portless container, none without a pod IP', () => {
    const groups = podTargets([
      pod('web', '198.19.0.5', [
        {
          name: 'app',
          image: 'web:1',
          ports: [
            { name: 'http', containerPort: 8080 },
            { containerPort: 9090, protocol: 'UDP' },
          ],
        },
        { name: 'side', image: 'side:1' },
      ]),
      pod('pending', undefined, [{ name: 'app', image: 'web:1' }]),
    ]);
    expect(groups.map((g) => g.targets[0])).toEqual(['198.19.0.5:8080', '198.19.0.5:9090', '198.19.0.5']);
    expect(groups[0]!.labels).toMatchObject({
      __meta_kubernetes_namespace: 'default',
      __meta_kubernetes_pod_name: 'web',
      __meta_kubernetes_pod_ip: '198.19.0.5',
      __meta_kubernetes_pod_label_app: 'web',
      __meta_kubernetes_pod_annotation_prometheus_io_scrape: 'true',
      __meta_kubernetes_pod_container_name: 'app',
      __meta_kubernetes_pod_container_image: 'web:1',
      __meta_kubernetes_pod_container_init: 'false',
      __meta_kubernetes_pod_container_port_name: 'http',
      __meta_kubernetes_pod_container_port_number: '8080',
      __meta_kubernetes_pod_container_port_protocol: 'TCP',
      __meta_kubernetes_pod_ready: 'true',
      __meta_kubernetes_pod_phase: 'Running',
      __meta_kubernetes_pod_node_name: 'n1',
      __meta_kubernetes_pod_controller_kind: 'ReplicaSet',
      __meta_kubernetes_pod_controller_name: 'web-abc',
    });
    expect(groups[1]!.labels.__meta_kubernetes_pod_container_port_protocol).toBe('UDP');
    expect(groups[2]!.labels.__meta_kubernetes_pod_container_port_number).toBeUndefined();
  });
});
