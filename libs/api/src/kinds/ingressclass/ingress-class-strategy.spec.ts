import type { IngressClass } from '../../generated/kubernetes-types';
import { DEFAULT_INGRESS_CLASS_ANNOTATION, defaultIngressClass, ingressClasses } from './ingress-class-strategy';

const cls = (name: string, controller: string, isDefault = false, created = '2026-01-01T00:00:00Z'): IngressClass => ({
  metadata: { name, creationTimestamp: created, ...(isDefault ? { annotations: { [DEFAULT_INGRESS_CLASS_ANNOTATION]: 'true' } } : {}) },
  spec: { controller },
});

describe('IngressClass strategy', () => {
  it('wants a domain-prefixed controller that never changes', () => {
    expect(ingressClasses.validate(cls('a', 'stevedore.io/ingress'))).toEqual([]);
    expect(ingressClasses.validate(cls('a', 'nginx')).map((c) => c.message)).toEqual([
      'Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
    ]);
    expect(ingressClasses.validate(cls('a', 'k8s.io/ingress-nginx'), cls('a', 'stevedore.io/ingress')).map((c) => c.message)).toEqual([
      'Invalid value: "k8s.io/ingress-nginx": field is immutable',
    ]);
  });

  it('picks the newest of several defaults', () => {
    const classes = [cls('old', 'a.io/x', true), cls('new', 'b.io/y', true, '2026-02-01T00:00:00Z'), cls('plain', 'c.io/z')];
    expect(defaultIngressClass(classes)?.metadata.name).toBe('new');
    expect(defaultIngressClass([cls('plain', 'c.io/z')])).toBeUndefined();
  });

  it('prints the controller and parameters', () => {
    const withParams = {
      ...cls('nginx', 'k8s.io/ingress-nginx'),
      spec: {
        controller: 'k8s.io/ingress-nginx',
        parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' },
      },
    };
    expect(ingressClasses.printer!.cells(withParams, Date.now()).slice(0, 3)).toEqual([
      'nginx',
      'k8s.io/ingress-nginx',
      'IngressParameters.k8s.example.com/external-lb',
    ]);
  });
});
