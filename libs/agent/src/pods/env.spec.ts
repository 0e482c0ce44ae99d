import { ConfigError, type ConfigSource, containerEnv } from './env';

const noConfig: ConfigSource = {
  configMap: async () => undefined,
  secret: async () => undefined,
  claim: async () => undefined,
  volume: async () => undefined,
  serviceAccountToken: async () => {
    throw new Error('no tokens here');
  },
};
const fields = { podIP: '10.0.0.5', hostIP: '192.168.1.2', nodeName: 'node-a' };
const pod = {
  metadata: {
    name: 'work-1-x7k2p',
    namespace: 'default',
    labels: { 'batch.kubernetes.io/job-completion-index': '1' },
    annotations: { 'batch.kubernetes.io/job-completion-index': '1' },
  },
  spec: {},
};
const fromField = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { fieldPath } } });

describe('containerEnv from the downward API', () => {
  it("reads the pod's own annotations and labels by key (as Indexed Jobs set JOB_COMPLETION_INDEX)", async () => {
    const container = {
      env: [
        fromField('JOB_COMPLETION_INDEX', "metadata.annotations['batch.kubernetes.io/job-completion-index']"),
        fromField('FROM_LABEL', "metadata.labels['batch.kubernetes.io/job-completion-index']"),
        fromField('MISSING', "metadata.annotations['absent']"),
        fromField('NODE', 'spec.nodeName'),
      ],
    };
    const env = await containerEnv(pod, container, noConfig, fields);
    expect(Object.fromEntries(env)).toEqual({ JOB_COMPLETION_INDEX: '1', FROM_LABEL: '1', MISSING: '', NODE: 'node-a' });
  });

  it('refuses a field it does not know', async () => {
    const container = { env: [fromField('X', 'status.nothing')] };
    await expect(containerEnv(pod, container, noConfig, fields)).rejects.toThrow(ConfigError);
  });
});
