import type { CustomResourceDefinition, CustomResourceDefinitionVersion } from '../../generated/kubernetes-types';
import { validate } from '../../validate';
import { customResourceDefinitions } from './crd-strategy';

function crd(extra: (c: CustomResourceDefinition) => void = () => undefined): CustomResourceDefinition {
  const c: CustomResourceDefinition = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com',
      scope: 'Namespaced',
      names: { plural: 'crontabs', kind: 'CronTab', shortNames: ['ct'] },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: { cronSpec: { type: 'string', enum: ['a', 'b'] }, replicas: { type: 'integer', default: 1 } },
                },
              },
            },
          },
        },
      ],
    },
  };
  extra(c);
  return c;
}

function first(c: CustomResourceDefinition): CustomResourceDefinitionVersion {
  const v = c.spec.versions[0];
  if (!v) throw new Error('fixture has a version');
  return v;
}

function problems(c: CustomResourceDefinition, old?: CustomResourceDefinition): string[] {
  customResourceDefinitions.defaults(c);
  return customResourceDefinitions.validate(c, old).map((x) => `${x.field}: ${x.message}`);
}

describe('CustomResourceDefinition strategy', () => {
  it('accepts the CronTab example and defaults singular, listKind and conversion', () => {
    const c = crd();
    expect(problems(c)).toEqual([]);
    expect(c.spec.names).toMatchObject({ singular: 'crontab', listKind: 'CronTabList' });
    expect(c.spec.conversion).toEqual({ strategy: 'None' });
  });

  it('passes the schema of the kind (recursive JSONSchemaProps included)', () => {
    const c = crd();
    const root = first(c).schema?.openAPIV3Schema;
    if (root) root['x-kubernetes-validations'] = [{ rule: 'self.spec.replicas >= 0' }];
    expect(validate(customResourceDefinitions.schema, c)).toEqual({ causes: [], unknown: [] });
  });

  it('requires the name to be <plural>.<group>', () => {
    expect(
      problems(
        crd((c) => {
          c.metadata.name = 'crontab.example.com';
        }),
      ),
    ).toEqual(['metadata.name: Invalid value: "crontab.example.com": must be spec.names.plural+"."+spec.group']);
  });

  it('checks names, scope and the group', () => {
    const bad = crd((c) => {
      c.metadata.name = 'CronTabs.example';
      c.spec.group = 'example';
      c.spec.names.plural = 'CronTabs';
      c.spec.scope = 'Global';
    });
    expect(problems(bad)).toEqual([
      'spec.group: Invalid value: "example": should be a domain with at least one dot',
      expect.stringMatching(/^spec\.names\.plural: Invalid value: "CronTabs": a DNS-1035 label/),
      'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
    ]);
  });

  it('needs exactly one storage version and one served', () => {
    const two = crd((c) => {
      const v1 = first(c);
      v1.served = false;
      c.spec.versions.push({ ...v1, name: 'v2' });
    });
    expect(problems(two)).toEqual([
      'spec.versions: Invalid value: "[v1 v2]": must have exactly one version marked as storage version',
      'spec.versions: Invalid value: "[v1 v2]": must have at least one version marked as served',
    ]);
  });

  it('requires a structural schema', () => {
    const bad = crd((c) => {
      const root = first(c).schema?.openAPIV3Schema;
      if (!root?.properties) throw new Error('fixture');
      root.properties.spec = { properties: { replicas: { type: 'integer' } } };
      root.properties.list = { type: 'array', items: { type: 'string' }, uniqueItems: true };
    });
    expect(problems(bad)).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
      'spec.versions[0].schema.openAPIV3Schema.properties[list].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
    ]);
    expect(
      problems(
        crd((c) => {
          first(c).schema = undefined;
        }),
      ),
    ).toEqual(['spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required']);
  });

  it('keeps group and plural immutable', () => {
    const old = crd();
    const changed = crd((c) => {
      c.spec.group = 'other.example.com';
    });
    changed.metadata.name = 'crontabs.other.example.com';
    expect(problems(changed, old)).toEqual(['spec.group: Invalid value: "other.example.com": field is immutable']);
  });

  it('prints NAME and CREATED AT', () => {
    const c = crd((x) => {
      x.metadata.creationTimestamp = '2026-01-01T00:00:00Z';
    });
    expect(customResourceDefinitions.printer.columns.map((x) => x.name)).toEqual(['Name', 'Created At']);
    expect(customResourceDefinitions.printer.cells(c, Date.now())).toEqual(['crontabs.stable.example.com', '2026-01-01T00:00:00Z']);
  });

  it('stays Terminating with the cleanup finalizer when deleted', () => {
    const c = crd();
    expect(customResourceDefinitions.delete.lingers(c, 0)).toBe(true);
    customResourceDefinitions.delete.markDeleting(c);
    expect(c.metadata.finalizers).toEqual(['customresourcecleanup.apiextensions.k8s.io']);
    expect(c.status?.conditions?.map((x) => `${x.type}=${x.status}`)).toEqual(['Terminating=True']);
  });
});

describe('CustomResourceDefinition scale subresource', () => {
  it('requires the replicas paths under spec and status, integers where the schema says', () => {
    const c = crd((d) => {
      const v = first(d);
      v.subresources = {
        scale: { specReplicasPath: '.spec.cronSpec', statusReplicasPath: '.spec.replicas', labelSelectorPath: '.metadata.labels' },
      };
    });
    expect(problems(c)).toEqual([
      'spec.versions[0].subresources.scale.specReplicasPath: Invalid value: ".spec.cronSpec": should be an integer field',
      'spec.versions[0].subresources.scale.statusReplicasPath: Invalid value: ".spec.replicas": should be a json path under .status',
      'spec.versions[0].subresources.scale.labelSelectorPath: Invalid value: ".metadata.labels": should be a json path under .spec or .status',
    ]);
    const good = crd((d) => {
      first(d).subresources = { scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } };
    });
    expect(problems(good)).toEqual([]);
  });
});
