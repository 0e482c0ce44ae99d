import { pods, simplePrinter } from '@stevedore/api';
import { toTable } from './to-table';

describe('toTable', () => {
  const pod = { metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'a' }] } };

  it('carries row metadata (kubectl -A and --show-labels read it) and the resourceVersion', () => {
    const table = toTable(pods.printer, [pod], { resourceVersion: '7' });
    expect(table.rows[0]!.object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod.metadata });
    expect(table.metadata.resourceVersion).toBe('7');
    expect(table.columnDefinitions).toBe(pods.printer.columns);
  });

  it('sends null columns on later watch events, and whole objects or none when asked', () => {
    expect(toTable(simplePrinter(), [pod], { withColumns: false }).columnDefinitions).toBeNull();
    expect(toTable(pods.printer, [pod], { include: 'Object' }).rows[0]!.object).toBe(pod);
    expect(toTable(pods.printer, [pod], { include: 'None' }).rows[0]!.object).toBeUndefined();
  });
});
