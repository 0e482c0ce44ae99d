import { podSchema, configMapSchema, Pod } from './index';
import { validate, validateOrThrow } from './validate';
import { StatusError } from './meta/status';

const goodPod = (): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web', 'example.com/tier': 'front' } },
  spec: {
    containers: [{
      name: 'c', image: 'busybox:1', ports: [{ containerPort: 80 }],
      env: [{ name: 'A', value: '1' }], resources: { limits: { memory: '64Mi', cpu: '500m' } },
    }],
  },
});

describe('validate', () => {
  it('accepts a well-formed pod', () => {
    expect(validate(podSchema, goodPod())).toEqual({ causes: [], unknown: [] });
  });

  it('names every bad field by its path', () => {
    const pod = goodPod() as any;
    pod.metadata.name = 'Web_1';
    pod.metadata.labels['bad key!'] = 'x';
    pod.spec.containers[0].ports[0].containerPort = 70000;
    pod.spec.containers[0].resources.limits.memory = 'lots';
    pod.spec.containers.push({ name: 'c' });
    pod.spec.restartPolicy = 'Sometimes';
    const fields = validate(podSchema, pod).causes.map((c) => `${c.field} ${c.reason}`);
    expect(fields).toEqual([
      'metadata.name FieldValueInvalid',
      'metadata.labels FieldValueInvalid',
      'spec.containers[0].ports[0].containerPort FieldValueInvalid',
      'spec.containers[0].resources.limits[memory] FieldValueInvalid',
      'spec.containers[1].name FieldValueDuplicate',
      'spec.restartPolicy FieldValueNotSupported',
    ]);
  });

  it('requires containers and a name', () => {
    const causes = validate(podSchema, { metadata: {}, spec: {} }).causes;
    expect(causes).toEqual([
      { reason: 'FieldValueRequired', field: 'spec.containers', message: 'Required value' },
      { reason: 'FieldValueRequired', field: 'metadata.name', message: 'name or generateName is required' },
    ]);
  });

  it('finds unknown fields at any depth', () => {
    const pod = goodPod() as any;
    pod.spec.containers[0].imagePullPolicyy = 'Always';
    pod.spec.extra = 1;
    expect(validate(podSchema, pod).unknown).toEqual(['spec.containers[0].imagePullPolicyy', 'spec.extra']);
  });
});

describe('validateOrThrow', () => {
  it('throws 400 with strict decoding, warns with Warn, is silent with Ignore', () => {
    const pod = goodPod() as any;
    pod.spec.containers[0].imagePullPolicyy = 'Always';
    expect(() => validateOrThrow(podSchema, pod, 'Pod', 'Strict')).toThrow(
      'strict decoding error: unknown field "spec.containers[0].imagePullPolicyy"',
    );
    expect(validateOrThrow(podSchema, pod, 'Pod', 'Warn')).toEqual(['unknown field "spec.containers[0].imagePullPolicyy"']);
    expect(validateOrThrow(podSchema, pod, 'Pod', 'Ignore')).toEqual([]);
  });

  it('throws a 422 Status whose causes carry the field paths', () => {
    const cm = { metadata: { name: 'cfg' }, data: { 'ok-key': 'v', 'bad key': 'v' }, binaryData: { b: '!!' } };
    try {
      validateOrThrow(configMapSchema, cm, 'ConfigMap');
      throw new Error('expected a StatusError');
    } catch (err) {
      expect(err).toBeInstanceOf(StatusError);
      const status = (err as StatusError).status;
      expect(status.code).toBe(422);
      expect(status.reason).toBe('Invalid');
      expect(status.details?.causes?.map((c) => c.field)).toEqual(['data', 'binaryData[b]']);
      expect(status.message).toMatch(/^ConfigMap "cfg" is invalid: \[data: Invalid value: "bad key"/);
    }
  });
});
