import { deployments, pods } from '../kinds';
import { StatusError } from '../meta/status';
import { applyMergePatch } from './json-merge-patch';
import { applyJsonPatch } from './json-patch';
import { applyStrategicMergePatch } from './strategic-merge-patch';

const deployment = () => ({
  metadata: { name: 'web', annotations: { a: '1' }, finalizers: ['example.com/a', 'example.com/b'] },
  spec: {
    replicas: 2,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
    template: {
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.25',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
          },
          { name: 'sidecar', image: 'busybox' },
        ],
        tolerations: [{ key: 'a', operator: 'Exists' }],
      },
    },
  },
});

describe('strategic merge patch', () => {
  it('applies the patch kubectl apply sent on a second run', () => {
    const patch = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}\n' } },
      spec: {
        replicas: 3,
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }],
            containers: [
              {
                '$setElementOrder/env': [{ name: 'A' }, { name: 'C' }],
                env: [
                  { name: 'C', value: '3' },
                  { $patch: 'delete', name: 'B' },
                ],
                image: 'nginx:1.27',
                name: 'nginx',
              },
              { $patch: 'delete', name: 'sidecar' },
            ],
          },
        },
      },
    };
    const merged = applyStrategicMergePatch(deployment(), patch, deployments.schema) as any;
    expect(merged.spec.replicas).toBe(3);
    expect(merged.metadata.annotations).toEqual({ a: '1', 'kubectl.kubernetes.io/last-applied-configuration': '{}\n' });
    expect(merged.spec.template.spec.containers).toEqual([
      {
        name: 'nginx',
        image: 'nginx:1.27',
        env: [
          { name: 'A', value: '1' },
          { name: 'C', value: '3' },
        ],
      },
    ]);
    expect(JSON.stringify(merged)).not.toContain('$');
  });

  it('handles retainKeys, primitive list deletion, atomic lists and null', () => {
    const patch = {
      metadata: {
        '$deleteFromPrimitiveList/finalizers': ['example.com/b'],
        '$setElementOrder/finalizers': ['example.com/a'],
        annotations: null,
      },
      spec: {
        strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' },
        template: { spec: { tolerations: [{ key: 'b', operator: 'Exists' }] } },
      },
    };
    const merged = applyStrategicMergePatch(deployment(), patch, deployments.schema) as any;
    expect(merged.metadata.finalizers).toEqual(['example.com/a']);
    expect(merged.metadata.annotations).toBeUndefined();
    expect(merged.spec.strategy).toEqual({ type: 'Recreate' });
    expect(merged.spec.template.spec.tolerations).toEqual([{ key: 'b', operator: 'Exists' }]);
    expect(merged.spec.template.spec.containers).toHaveLength(2);
  });

  it('merges ports by containerPort, volume mounts by mountPath and finalizers as a union', () => {
    const pod = {
      metadata: { name: 'p', finalizers: ['x'] },
      spec: {
        containers: [
          { name: 'c', ports: [{ containerPort: 80 }, { containerPort: 443 }], volumeMounts: [{ name: 'data', mountPath: '/data' }] },
        ],
      },
    };
    const patch = {
      metadata: { finalizers: ['y'] },
      spec: {
        containers: [
          {
            name: 'c',
            ports: [{ $patch: 'delete', containerPort: 80 }],
            volumeMounts: [
              { mountPath: '/config', name: 'data' },
              { $patch: 'delete', mountPath: '/data' },
            ],
          },
        ],
      },
    };
    const merged = applyStrategicMergePatch(pod, patch, pods.schema) as any;
    expect(merged.metadata.finalizers).toEqual(['x', 'y']);
    expect(merged.spec.containers[0].ports).toEqual([{ containerPort: 443 }]);
    expect(merged.spec.containers[0].volumeMounts).toEqual([{ mountPath: '/config', name: 'data' }]);
  });

  it('replaces a whole map with $patch: replace and never modifies its inputs', () => {
    const original = deployment();
    const before = JSON.stringify(original);
    const merged = applyStrategicMergePatch(
      original,
      { spec: { strategy: { $patch: 'replace', type: 'Recreate' } } },
      deployments.schema,
    ) as any;
    expect(merged.spec.strategy).toEqual({ type: 'Recreate' });
    expect(JSON.stringify(original)).toBe(before);
  });
});

describe('JSON merge patch', () => {
  it('merges objects, deletes with null and replaces lists', () => {
    expect(applyMergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { b: { c: null, e: 4 }, l: [3] })).toEqual({
      a: 1,
      b: { d: 3, e: 4 },
      l: [3],
    });
  });
});

describe('JSON patch', () => {
  const doc = { metadata: { labels: { a: '1' } }, spec: { list: [1, 2, 3] } };

  it('applies add, replace, remove, move, copy and test', () => {
    const out = applyJsonPatch(doc, [
      { op: 'add', path: '/metadata/labels/b~1c', value: '2' },
      { op: 'replace', path: '/spec/list/0', value: 9 },
      { op: 'remove', path: '/spec/list/1' },
      { op: 'add', path: '/spec/list/-', value: 4 },
      { op: 'copy', from: '/metadata/labels/a', path: '/metadata/labels/z' },
      { op: 'move', from: '/metadata/labels/a', path: '/metadata/labels/y' },
      { op: 'test', path: '/spec/list', value: [9, 3, 4] },
    ]);
    expect(out).toEqual({ metadata: { labels: { 'b/c': '2', z: '1', y: '1' } }, spec: { list: [9, 3, 4] } });
    expect(doc.spec.list).toEqual([1, 2, 3]);
  });

  it('rejects bad operations with a Status and leaves the input alone', () => {
    expect(() => applyJsonPatch(doc, [{ op: 'remove', path: '/nope' }])).toThrow('path "/nope" does not exist');
    expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/spec/list/0', value: 5 }])).toThrow(StatusError);
    expect(() => applyJsonPatch(doc, { op: 'add' })).toThrow('must be an array');
  });

  it('refuses more than 10,000 operations with 413', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '', value: doc }));
    try {
      applyJsonPatch(doc, ops);
      throw new Error('expected 413');
    } catch (err) {
      expect((err as StatusError).status.code).toBe(413);
    }
  });
});
