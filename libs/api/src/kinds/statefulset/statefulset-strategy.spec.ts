import type { StatefulSet } from '../../generated/kubernetes-types';
import { validate } from '../../validate';
import { statefulSets } from './statefulset-strategy';

function web(): StatefulSet {
  return {
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] },
      },
      volumeClaimTemplates: [
        { metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      ],
    },
  };
}

function defaulted(sts = web()): StatefulSet {
  statefulSets.defaults(sts);
  return sts;
}

const problems = (sts: StatefulSet, old?: StatefulSet) => statefulSets.validate(sts, old).map((c) => `${c.field}: ${c.message}`);

describe('StatefulSet strategy', () => {
  it('fills in Kubernetes defaults', () => {
    const { spec } = defaulted();
    expect(spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      revisionHistoryLimit: 10,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(spec.template.spec.restartPolicy).toBe('Always');
    expect(spec.volumeClaimTemplates?.[0]).toMatchObject({ spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } });
    const onDelete = defaulted({ ...web(), spec: { ...web().spec, updateStrategy: { type: 'OnDelete' } } });
    expect(onDelete.spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });

  it('accepts mounts of claim templates and refuses what Kubernetes refuses', () => {
    expect(problems(defaulted())).toEqual([]);
    const bad = defaulted();
    bad.spec.template.metadata = { labels: { app: 'other' } };
    bad.spec.template.spec.restartPolicy = 'OnFailure';
    bad.spec.volumeClaimTemplates = [{ metadata: { name: 'www' }, spec: {} }];
    expect(problems(bad)).toEqual([
      'spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`',
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
      'spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required',
      'spec.volumeClaimTemplates[0].spec.resources.requests[storage]: Required value',
    ]);
    const unknownMount = defaulted();
    unknownMount.spec.volumeClaimTemplates = [];
    expect(problems(unknownMount)).toEqual(['spec.template.spec.containers[0].volumeMounts[0].name: Not found: "www"']);
  });

  it('checks single fields by the schema rules: policies, partition, replicas', () => {
    const bad = web();
    bad.spec.podManagementPolicy = 'Random';
    bad.spec.replicas = -1;
    bad.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: -2 } };
    bad.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Keep' };
    const messages = validate(statefulSets.schema, { apiVersion: 'apps/v1', kind: 'StatefulSet', ...bad }).causes.map(
      (c) => `${c.field}: ${c.message}`,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^spec\.podManagementPolicy: Unsupported value: "Random": supported values: "OrderedReady", "Parallel"/),
        expect.stringMatching(/^spec\.replicas: Invalid value: -1: must be greater than or equal to 0/),
        expect.stringMatching(/^spec\.updateStrategy\.rollingUpdate\.partition: Invalid value: -2/),
        expect.stringMatching(/^spec\.persistentVolumeClaimRetentionPolicy\.whenDeleted: Unsupported value: "Keep"/),
      ]),
    );
  });

  it('lets updates change only replicas, ordinals, template, strategy, history, retention and minReadySeconds', () => {
    const old = defaulted();
    const scaled = defaulted();
    scaled.spec.replicas = 5;
    scaled.spec.template.spec.containers[0]!.image = 'nginx:1.28';
    scaled.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 2 } };
    scaled.spec.revisionHistoryLimit = 3;
    scaled.spec.minReadySeconds = 5;
    expect(problems(scaled, old)).toEqual([]);
    const renamed = defaulted();
    renamed.spec.serviceName = 'other';
    expect(problems(renamed, old)).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', " +
        "'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it('prints READY as ready/desired', () => {
    const sts = defaulted();
    sts.spec.replicas = 3;
    sts.status = { replicas: 3, readyReplicas: 2 };
    const cells = statefulSets.printer.cells(sts, Date.now());
    expect(cells.slice(0, 2)).toEqual(['web', '2/3']);
    expect(cells.slice(3)).toEqual(['nginx', 'nginx:1.27']);
  });
});
