import type { CustomResourceDefinition } from '../../generated/kubernetes-types';
import { compareKubeVersions } from '../../meta/version-priority';
import { deprecationWarningOf } from './deprecation-warning';

const crd = (versions: { name: string; served?: boolean; deprecated?: boolean; deprecationWarning?: string }[]) =>
  ({
    spec: {
      group: 'gateway.example.net',
      names: { kind: 'Gateway', plural: 'gateways' },
      scope: 'Namespaced',
      versions: versions.map((v) => ({ served: true, storage: false, ...v })),
    },
  }) as unknown as CustomResourceDefinition;

describe('deprecation warnings of custom kinds', () => {
  it('orders versions as Kubernetes does', () => {
    const sorted = ['v1alpha1', 'foo', 'v1beta1', 'v2', 'v1', 'v1beta2', 'v10alpha1', 'bar'].sort(compareKubeVersions);
    expect(sorted).toEqual(['v2', 'v1', 'v1beta2', 'v1beta1', 'v10alpha1', 'v1alpha1', 'bar', 'foo']);
  });

  it("uses the definition's own warning, even an empty one", () => {
    const def = crd([{ name: 'v1beta1', deprecated: true, deprecationWarning: 'v1beta1 goes away in 2027' }]);
    expect(deprecationWarningOf(def, def.spec.versions[0]!)).toBe('v1beta1 goes away in 2027');
    const quiet = crd([{ name: 'v1beta1', deprecated: true, deprecationWarning: '' }]);
    expect(deprecationWarningOf(quiet, quiet.spec.versions[0]!)).toBe('');
  });

  it('names the newest served version that is not deprecated', () => {
    const def = crd([
      { name: 'v1alpha2', deprecated: true },
      { name: 'v1beta1' },
      { name: 'v1' },
      { name: 'v2', served: false },
      { name: 'v2alpha1', deprecated: true },
    ]);
    expect(deprecationWarningOf(def, def.spec.versions[0]!)).toBe(
      'gateway.example.net/v1alpha2 Gateway is deprecated; use gateway.example.net/v1 Gateway',
    );
    expect(deprecationWarningOf(def, def.spec.versions[1]!)).toBeUndefined();
    const last = crd([{ name: 'v1', deprecated: true }, { name: 'v1beta1' }]);
    expect(deprecationWarningOf(last, last.spec.versions[0]!)).toBe('gateway.example.net/v1 Gateway is deprecated');
  });
});
