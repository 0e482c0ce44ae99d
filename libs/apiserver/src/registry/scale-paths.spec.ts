import { readScale, setSpecReplicas } from './scale-paths';

const paths = { specReplicasPath: '.spec.size', statusReplicasPath: '.status.ready', labelSelectorPath: '.status.selector' };

describe('scale paths', () => {
  it("reads a custom kind's replicas and selector at its CRD's paths, missing values as 0", () => {
    const obj = { metadata: {}, spec: { size: 3 }, status: { ready: 2, selector: 'app=web' } };
    expect(readScale(obj, paths)).toEqual({ specReplicas: 3, statusReplicas: 2, selector: 'app=web' });
    expect(readScale({ metadata: {} }, paths)).toEqual({ specReplicas: 0, statusReplicas: 0, selector: '' });
  });

  it("reads a Deployment's replicas where they always are", () => {
    const obj = { metadata: {}, spec: { selector: { matchLabels: { app: 'web' } } }, status: { replicas: 1 } };
    expect(readScale(obj, undefined)).toEqual({ specReplicas: 1, statusReplicas: 1, selector: 'app=web' });
  });

  it('writes the spec replicas, creating the path', () => {
    const obj: { metadata: object; spec?: { size?: number } } = { metadata: {} };
    setSpecReplicas(obj, paths, 4);
    expect(obj.spec?.size).toBe(4);
  });
});
