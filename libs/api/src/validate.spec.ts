import { configMaps, type Pod, pods } from './index';
import { StatusError } from './meta/status';
import { validate, validateOrThrow } from './validate';

const goodPod = (): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web', 'example.com/tier': 'front' } },
  spec: {
    containers: [
      {
        name: 'c',
        image: 'busybox:1',
        ports: [{ containerPort: 80 }],
        env: [{ name: 'A', value: '1' }],
        resources: { limits: { memory: '64Mi', cpu: '500m' } },
      },
    ],
  },
});

describe('validate', () => {
  it('accepts a well-formed pod', () => {
    expect(validate(pods.schema, goodPod())).toEqual({ causes: [], unknown: [] });
  });

  it('names every bad field by its path', () => {
    const pod = goodPod() as any;
    pod.metadata.name = 'Web_1';
    pod.metadata.labels['bad key!'] = 'x';
    pod.spec.containers[0].ports[0].containerPort = 70000;
    pod.spec.containers[0].resources.limits.memory = 'lots';
    pod.spec.restartPolicy = 'Sometimes';
    const fields = validate(pods.schema, pod, pods.nameProblem).causes.map((c) => `${c.field} ${c.reason}`);
    expect(fields).toEqual([
      'metadata.labels FieldValueInvalid',
      'spec.containers[0].ports[0].containerPort FieldValueInvalid',
      'spec.containers[0].resources.limits[memory] FieldValueInvalid',
      'spec.restartPolicy FieldValueNotSupported',
      'metadata.name FieldValueInvalid',
    ]);
  });

  it('leaves cross-field rules to the kind: duplicate containers, images, mounts of unknown volumes', () => {
    const pod = goodPod() as any;
    pod.spec.containers.push({ name: 'c', volumeMounts: [{ name: 'data', mountPath: '/data' }] });
    expect(validate(pods.schema, pod).causes).toEqual([]);
    expect(pods.validate(pod).map((c) => `${c.field} ${c.reason}`)).toEqual([
      'spec.containers[1].name FieldValueDuplicate',
      'spec.containers[1].image FieldValueRequired',
      'spec.containers[1].volumeMounts[0].name FieldValueNotFound',
    ]);
  });

  it('accepts numbers as quantities and int-or-strings, and rejects other types with a path', () => {
    const pod = goodPod() as any;
    pod.spec.containers[0].resources.limits.cpu = 2;
    pod.spec.containers[0].livenessProbe = { httpGet: { port: 'http' } };
    expect(validate(pods.schema, pod).causes).toEqual([]);
    pod.spec.containers[0].livenessProbe.httpGet.port = true;
    pod.spec.containers[0].env[0].value = 1;
    expect(validate(pods.schema, pod).causes.map((c) => c.field)).toEqual([
      'spec.containers[0].env[0].value',
      'spec.containers[0].livenessProbe.httpGet.port',
    ]);
  });

  it('requires containers and a name', () => {
    const causes = validate(pods.schema, { metadata: {}, spec: {} }).causes;
    expect(causes).toEqual([
      { reason: 'FieldValueRequired', field: 'spec.containers', message: 'Required value' },
      { reason: 'FieldValueRequired', field: 'metadata.name', message: 'name or generateName is required' },
    ]);
  });

  it('finds unknown fields at any depth', () => {
    const pod = goodPod() as any;
    pod.spec.containers[0].imagePullPolicyy = 'Always';
    pod.spec.extra = 1;
    expect(validate(pods.schema, pod).unknown).toEqual(['spec.containers[0].imagePullPolicyy', 'spec.extra']);
  });
});

describe('validateOrThrow', () => {
  it('throws 400 with strict decoding, warns with Warn, is silent with Ignore', () => {
    const pod = goodPod() as any;
    pod.spec.containers[0].imagePullPolicyy = 'Always';
    expect(() => validateOrThrow(pods.schema, pod, { kind: 'Pod', mode: 'Strict' })).toThrow(
      'strict decoding error: unknown field "spec.containers[0].imagePullPolicyy"',
    );
    expect(validateOrThrow(pods.schema, pod, { kind: 'Pod', mode: 'Warn' })).toEqual([
      'unknown field "spec.containers[0].imagePullPolicyy"',
    ]);
    expect(validateOrThrow(pods.schema, pod, { kind: 'Pod', mode: 'Ignore' })).toEqual([]);
  });

  it('throws a 422 Status whose causes carry the field paths', () => {
    const cm = { metadata: { name: 'cfg' }, data: { 'ok-key': 'v', 'bad key': 'v' }, binaryData: { b: '!!' } };
    try {
      validateOrThrow(configMaps.schema, cm, { kind: 'ConfigMap' });
      throw new Error('expected a StatusError');
    } catch (err) {
      expect(err).toBeInstanceOf(StatusError);
      const status = (err as StatusError).status;
      expect(status.code).toBe(422);
      expect(status.reason).toBe('Invalid');
      expect(status.details?.causes?.map((c) => c.field)).toEqual(['binaryData[b]', 'data']);
      expect(status.message).toMatch(
        /^ConfigMap "cfg" is invalid: \[binaryData\[b\]: Invalid value: "!!": must be base64-encoded, data: Invalid value: "bad key"/,
      );
    }
  });
});
