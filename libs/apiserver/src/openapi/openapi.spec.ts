import { type CustomResourceDefinition, customResourceStrategies, dynamicResources } from '@stevedore/api';
import { openapiDocument, openapiIndex } from './openapi';

describe('OpenAPI v3', () => {
  it('indexes every group version with a content hash', () => {
    const index = openapiIndex('v1.32.0');
    expect(Object.keys(index.paths)).toEqual([
      'api/v1',
      'apis/apps/v1',
      'apis/batch/v1',
      'apis/autoscaling/v2',
      'apis/autoscaling/v1',
      'apis/coordination.k8s.io/v1',
      'apis/policy/v1',
      'apis/scheduling.k8s.io/v1',
      'apis/storage.k8s.io/v1',
      'apis/discovery.k8s.io/v1',
      'apis/networking.k8s.io/v1',
      'apis/rbac.authorization.k8s.io/v1',
      'apis/authentication.k8s.io/v1',
      'apis/authorization.k8s.io/v1',
      'apis/apiextensions.k8s.io/v1',
      'apis/admissionregistration.k8s.io/v1',
      'apis/apiregistration.k8s.io/v1',
    ]);
    expect(index.paths['apis/apps/v1']!.serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{32}$/);
  });

  it('offers a PATCH with fieldValidation tagged with one GVK, so kubectl validates on the server', () => {
    const doc = openapiDocument('apps', 'v1', 'v1.32.0')!;
    const item = (doc.paths as any)['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
    expect(item.patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(item.patch.parameters.map((p: any) => p.name)).toContain('fieldValidation');
    expect(Object.keys(item.patch.requestBody.content)).toContain('application/strategic-merge-patch+json');
  });

  it("ships Kubernetes' definitions with their descriptions, references rewritten for v3", () => {
    const schemas = openapiDocument('', 'v1', 'v1.32.0')!.components.schemas as any;
    const podSpec = schemas['io.k8s.api.core.v1.PodSpec'];
    expect(podSpec.description).toMatch(/PodSpec is a description of a pod/);
    expect(podSpec.properties.containers['x-kubernetes-patch-merge-key']).toBe('name');
    expect(schemas['io.k8s.api.core.v1.SecurityContext'].properties.seccompProfile.$ref).toBe(
      '#/components/schemas/io.k8s.api.core.v1.SeccompProfile',
    );
    expect(schemas['io.k8s.api.core.v1.SeccompProfile']).toBeDefined();
    expect(schemas['io.k8s.api.apps.v1.Deployment']).toBeUndefined();
  });

  it('ships our schemas as components, tagged with their GVK as an array', () => {
    const doc = openapiDocument('', 'v1', 'v1.32.0')!;
    const pod = (doc.components.schemas as any)['io.k8s.api.core.v1.Pod'];
    expect(pod['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'Pod' }]);
    expect((doc.paths as any)['/api/v1/nodes/{name}']).toBeDefined();
    expect(openapiDocument('apps', 'v9', 'v1.32.0')).toBeUndefined();
  });
});

describe('OpenAPI v3 of custom kinds', () => {
  afterEach(() => dynamicResources.remove('gadgets.tests.example.net'));

  it('offers no strategic merge patch, so kubectl sends merge patches as to kube-apiserver', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'gadgets.tests.example.net' },
      spec: {
        group: 'tests.example.net',
        scope: 'Namespaced',
        names: { plural: 'gadgets', kind: 'Gadget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
      },
    } as unknown as CustomResourceDefinition;
    dynamicResources.replace('gadgets.tests.example.net', customResourceStrategies(crd));
    const doc = openapiDocument('tests.example.net', 'v1', 'v1.32.0')!;
    const item = (doc.paths as any)['/apis/tests.example.net/v1/namespaces/{namespace}/gadgets/{name}'];
    expect(Object.keys(item.patch.requestBody.content)).toEqual([
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/apply-patch+yaml',
    ]);
  });
});
