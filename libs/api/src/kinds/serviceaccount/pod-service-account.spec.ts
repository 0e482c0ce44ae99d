import type { Pod } from '../../generated/kubernetes-types';
import { admitPodServiceAccount, randomSuffix } from './pod-service-account';

const pod = (spec: Partial<Pod['spec']> = {}): Pod => ({
  metadata: { name: 'web', namespace: 'team' },
  spec: { containers: [{ name: 'main', image: 'busybox' }], initContainers: [{ name: 'init', image: 'busybox' }], ...spec },
});

describe('admitPodServiceAccount', () => {
  it('runs a pod as default and mounts the API access volume in every container', () => {
    const p = pod();
    admitPodServiceAccount(p, { metadata: { name: 'default' } }, 'x7k2q');
    expect(p.spec.serviceAccountName).toBe('default');
    expect(p.spec.volumes).toEqual([
      {
        name: 'kube-api-access-x7k2q',
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      },
    ]);
    const mount = { name: 'kube-api-access-x7k2q', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' };
    expect(p.spec.containers[0]!.volumeMounts).toEqual([mount]);
    expect(p.spec.initContainers![0]!.volumeMounts).toEqual([mount]);
  });

  it('mounts nothing when the pod or, unless the pod says otherwise, its account turns automounting off', () => {
    const off = pod({ serviceAccountName: 'robot', automountServiceAccountToken: false });
    admitPodServiceAccount(off, { metadata: { name: 'robot' } }, 'aaaaa');
    expect(off.spec.volumes).toBeUndefined();
    const byAccount = pod();
    admitPodServiceAccount(byAccount, { metadata: { name: 'default' }, automountServiceAccountToken: false }, 'aaaaa');
    expect(byAccount.spec.volumes).toBeUndefined();
    const podWins = pod({ automountServiceAccountToken: true });
    admitPodServiceAccount(podWins, { metadata: { name: 'default' }, automountServiceAccountToken: false }, 'aaaaa');
    expect(podWins.spec.volumes).toHaveLength(1);
  });

  it('leaves a container that mounts something of its own at the path alone', () => {
    const p = pod({ initContainers: [] });
    p.spec.containers[0]!.volumeMounts = [{ name: 'mine', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }];
    admitPodServiceAccount(p, undefined, 'bbbbb');
    expect(p.spec.containers[0]!.volumeMounts).toEqual([{ name: 'mine', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
  });

  it("gives a pod naming no pull secrets its account's, and keeps a pod's own", () => {
    const account = { metadata: { name: 'default' }, imagePullSecrets: [{ name: 'registry' }] };
    const bare = pod();
    admitPodServiceAccount(bare, account, 'ccccc');
    expect(bare.spec.imagePullSecrets).toEqual([{ name: 'registry' }]);
    const own = pod({ imagePullSecrets: [{ name: 'mine' }] });
    admitPodServiceAccount(own, account, 'ccccc');
    expect(own.spec.imagePullSecrets).toEqual([{ name: 'mine' }]);
  });

  it('picks suffixes from Kubernetes alphabet', () => {
    expect(randomSuffix()).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});
