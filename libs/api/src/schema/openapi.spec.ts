import { podSchema } from '../core/pod';

describe('openapi rendering', () => {
  const doc = podSchema.openapi() as any;
  const spec = doc.properties.spec;

  it('tags top-level kinds with their group/version/kind', () => {
    expect(doc['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'Pod' }]);
    expect(doc.required).toEqual(['metadata', 'spec']);
  });

  it('carries the strategic merge patch keys', () => {
    expect(spec.properties.containers['x-kubernetes-patch-merge-key']).toBe('name');
    expect(spec.properties.volumes['x-kubernetes-patch-strategy']).toBe('merge,retainKeys');
    const container = spec.properties.containers.items;
    expect(container.properties.ports['x-kubernetes-patch-merge-key']).toBe('containerPort');
    expect(container.properties.volumeMounts['x-kubernetes-patch-merge-key']).toBe('mountPath');
    expect(spec.properties.tolerations['x-kubernetes-list-type']).toBe('atomic');
  });

  it('renders enums and int-or-string', () => {
    expect(spec.properties.restartPolicy).toEqual({ type: 'string', enum: ['Always', 'OnFailure', 'Never'] });
    const probe = spec.properties.containers.items.properties.livenessProbe;
    expect(probe.properties.httpGet.properties.port).toEqual({ 'x-kubernetes-int-or-string': true });
  });
});
