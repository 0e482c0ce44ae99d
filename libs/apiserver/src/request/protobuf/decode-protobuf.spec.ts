import { findResource, StatusError } from '@stevedore/api';
import * as protobuf from 'protobufjs';
import { prepareCreate } from '../../objects/prepare';
import { decodeBody } from '../decode-body';
import { decodeKubernetesProtobuf, k8sProtoRoot, PROTOBUF_MAGIC } from './decode-protobuf';

const statusOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof StatusError) return err.status;
    throw err;
  }
  throw new Error('expected a StatusError');
};

const CORE = 'k8s.io.api.core.v1';
const APPS = 'k8s.io.api.apps.v1';
const UNKNOWN = k8sProtoRoot.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');

/** Encodes `object` with our own schema and wraps it like kubectl does. */
function encodeEnvelope(
  apiVersion: string,
  kind: string,
  message: string,
  object: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Buffer {
  const type = k8sProtoRoot.lookupType(message);
  const raw = type.encode(type.fromObject(object)).finish();
  const unknown = UNKNOWN.encode(
    UNKNOWN.fromObject({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '', ...extra }),
  ).finish();
  return Buffer.concat([PROTOBUF_MAGIC, unknown]);
}

/**
 * Request bodies captured from real kubectl v1.32.5 (`--dry-run=server` against a stub on
 * 127.0.0.1); v1.33.1 sent byte-identical bodies for the first five commands.
 */
const CAPTURED = {
  // kubectl create namespace team-b
  namespace: 'azhzAAoPCgJ2MRIJTmFtZXNwYWNlEh4KFgoGdGVhbS1iEgAaACIAKgAyADgAQgASABoCCgAaACIA',
  // kubectl create configmap x -n default --from-literal=a=b
  configmap: 'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEiIKGAoBeBIAGgdkZWZhdWx0IgAqADIAOABCABIGCgFhEgFiGgAiAA==',
  // kubectl create secret generic s -n default --from-literal=password=s3cr3t
  secret: 'azhzAAoMCgJ2MRIGU2VjcmV0EjAKGAoBcxIAGgdkZWZhdWx0IgAqADIAOABCABISCghwYXNzd29yZBIGczNjcjN0GgAaACIA',
  // kubectl create secret generic s -n default --from-literal=password=s3cr3t --from-literal=empty=
  secretWithEmptyValue: 'azhzAAoMCgJ2MRIGU2VjcmV0EjsKGAoBcxIAGgdkZWZhdWx0IgAqADIAOABCABIJCgVlbXB0eRIAEhIKCHBhc3N3b3JkEgZzM2NyM3QaABoAIgA=',
  // kubectl create deployment web -n default --image=busybox --replicas=0
  deployment:
    'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50ErYBCiYKA3dlYhIAGgdkZWZhdWx0IgAqADIAOABCAFoKCgNhcHASA3dlYhJ+CAASDAoKCgNhcHASA3dlYhpkChwKABIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViEkQSJgoHYnVzeWJveBIHYnVzeWJveCoAQgBqAHIAgAEAiAEAkAEAogEAGgAyAEIASgBSAFgAYABoAIIBAIoBAJoBAMIBACICCgAoADgAGgwIABAAGAAgACgAOAAaACIA',
  // kubectl create deployment app -n default --image=nginx:1.27 --port=80 -- sleep 3600 (v1.33.1)
  deploymentWithPortAndCommand:
    'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50EtEBCiYKA2FwcBIAGgdkZWZhdWx0IgAqADIAOABCAFoKCgNhcHASA2FwcBKYAQgBEgwKCgoDYXBwEgNhcHAafgocCgASABoAIgAqADIAOABCAFoKCgNhcHASA2FwcBJeEkAKBW5naW54EgpuZ2lueDoxLjI3GgVzbGVlcBoEMzYwMCoAMgoKABAAGFAiACoAQgBqAHIAgAEAiAEAkAEAogEAGgAyAEIASgBSAFgAYABoAIIBAIoBAJoBAMIBACICCgAoADgAGgwIABAAGAAgACgAOAAaACIA',
  // kubectl create service clusterip s -n default --tcp=80:8080
  service:
    'azhzAAoNCgJ2MRIHU2VydmljZRJqCiIKAXMSABoHZGVmYXVsdCIAKgAyADgAQgBaCAoDYXBwEgFzEkAKGwoHODAtODA4MBIDVENQGFAiBwgAEJA/GgAoABIICgNhcHASAXMaACIJQ2x1c3RlcklQOgBCAFIAWgBgAGgAGgIKABoAIgA=',
  // kubectl create service nodeport np -n default --tcp=80:http --node-port=30080 (v1.33.1)
  nodePortService:
    'azhzAAoNCgJ2MRIHU2VydmljZRJxCiQKAm5wEgAaB2RlZmF1bHQiACoAMgA4AEIAWgkKA2FwcBICbnASRQogCgc4MC1odHRwEgNUQ1AYUCIKCAEQABoEaHR0cCiA6wESCQoDYXBwEgJucBoAIghOb2RlUG9ydDoAQgBSAFoAYABoABoCCgAaACIA',
  // The rest are from v1.33.1 (v1.32.5 sent the same bytes), without -n.
  // kubectl create job hello --image=busybox -- echo hi
  job: 'azhzAAoPCghiYXRjaC92MRIDSm9iEooBChUKBWhlbGxvEgAaACIAKgAyADgAQgASZzJlChAKABIAGgAiACoAMgA4AEIAElESLgoFaGVsbG8SB2J1c3lib3gaBGVjaG8aAmhpKgBCAGoAcgCAAQCIAQCQAQCiAQAaBU5ldmVyMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAaCCAAKAAwADoAGgAiAA==',
  // kubectl create secret docker-registry d --docker-server=r --docker-username=u --docker-password=p
  dockerRegistrySecret:
    'azhzAAoMCgJ2MRIGU2VjcmV0EocBChEKAWQSABoAIgAqADIAOABCABJSChEuZG9ja2VyY29uZmlnanNvbhI9eyJhdXRocyI6eyJyIjp7InVzZXJuYW1lIjoidSIsInBhc3N3b3JkIjoicCIsImF1dGgiOiJkVHB3In19fRoea3ViZXJuZXRlcy5pby9kb2NrZXJjb25maWdqc29uGgAiAA==',
  // kubectl create service externalname e --external-name=x.example
  externalNameService:
    'azhzAAoNCgJ2MRIHU2VydmljZRJSChsKAWUSABoAIgAqADIAOABCAFoICgNhcHASAWUSLxIICgNhcHASAWUaACIMRXh0ZXJuYWxOYW1lOgBCAFIJeC5leGFtcGxlWgBgAGgAGgIKABoAIgA=',
  // kubectl create service loadbalancer lb --tcp=80
  loadBalancerService:
    'azhzAAoNCgJ2MRIHU2VydmljZRJjCh0KAmxiEgAaACIAKgAyADgAQgBaCQoDYXBwEgJsYhI+ChUKAjgwEgNUQ1AYUCIGCAAQUBoAKAASCQoDYXBwEgJsYhoAIgxMb2FkQmFsYW5jZXI6AEIAUgBaAGAAaAAaAgoAGgAiAA==',
  // kubectl create deployment multi --image=busybox --image=nginx --port=8080 --replicas=2
  twoContainerDeployment:
    'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50EuoBCiMKBW11bHRpEgAaACIAKgAyADgAQgBaDAoDYXBwEgVtdWx0aRK0AQgCEg4KDAoDYXBwEgVtdWx0aRqXAQoeCgASABoAIgAqADIAOABCAFoMCgNhcHASBW11bHRpEnUSMwoHYnVzeWJveBIHYnVzeWJveCoAMgsKABAAGJA/IgAqAEIAagByAIABAIgBAJABAKIBABIiCgVuZ2lueBIFbmdpbngqAEIAagByAIABAIgBAJABAKIBABoAMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAiAgoAKAA4ABoMCAAQABgAIAAoADgAGgAiAA==',
  // kubectl autoscale deployment web --cpu-percent=50 --min=1 --max=4 (v1.32.5: autoscaling/v1)
  autoscaleV1:
    'azhzAAopCg5hdXRvc2NhbGluZy92MRIXSG9yaXpvbnRhbFBvZEF1dG9zY2FsZXISPwoTCgN3ZWISABoAIgAqADIAOABCABIiChoKCkRlcGxveW1lbnQSA3dlYhoHYXBwcy92MRABGAQgMhoEGAAgABoAIgA=',
  // the same from v1.33.1, which sends autoscaling/v2
  autoscaleV2:
    'azhzAAopCg5hdXRvc2NhbGluZy92MhIXSG9yaXpvbnRhbFBvZEF1dG9zY2FsZXISYQoTCgN3ZWISABoAIgAqADIAOABCABJEChoKCkRlcGxveW1lbnQSA3dlYhoHYXBwcy92MRABGAQiIgoIUmVzb3VyY2UiFgoDY3B1Eg8KC1V0aWxpemF0aW9uIDIaBBgAIAAaACIA',
};
const captured = (name: keyof typeof CAPTURED) => Buffer.from(CAPTURED[name], 'base64');

describe('decodeKubernetesProtobuf with bodies captured from kubectl', () => {
  it('decodes kubectl autoscale in both versions kubectl sends', () => {
    const scaleTargetRef = { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' };
    expect(decodeKubernetesProtobuf(captured('autoscaleV1'))).toEqual({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { scaleTargetRef, minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 50 },
      status: {},
    });
    expect(decodeKubernetesProtobuf(captured('autoscaleV2'))).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef,
        minReplicas: 1,
        maxReplicas: 4,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      },
      status: {},
    });
  });

  it('decodes create namespace', () => {
    expect(captured('namespace').length).toBe(57);
    expect(decodeKubernetesProtobuf(captured('namespace'))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-b' },
      spec: {},
      status: {},
    });
  });

  it('decodes create configmap', () => {
    expect(decodeKubernetesProtobuf(captured('configmap'))).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', namespace: 'default' },
      data: { a: 'b' },
    });
  });

  it('decodes create secret, with data as base64 and empty values kept', () => {
    expect(decodeKubernetesProtobuf(captured('secret'))).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'default' },
      data: { password: Buffer.from('s3cr3t').toString('base64') },
    });
    expect(decodeKubernetesProtobuf(captured('secretWithEmptyValue'))).toMatchObject({ data: { password: 'czNjcjN0', empty: '' } });
  });

  it('decodes create deployment and keeps replicas: 0', () => {
    const decoded = decodeKubernetesProtobuf(captured('deployment')) as any;
    expect(decoded.spec.replicas).toBe(0);
    expect(decoded).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'busybox', image: 'busybox', resources: {} }] },
        },
        strategy: {},
      },
      status: {},
    });
  });

  it('decodes a deployment with a port and a command; hostPort 0 on the wire means unset', () => {
    const decoded = decodeKubernetesProtobuf(captured('deploymentWithPortAndCommand')) as any;
    expect(decoded.spec.replicas).toBe(1);
    expect(decoded.spec.template.spec.containers).toEqual([
      { name: 'nginx', image: 'nginx:1.27', command: ['sleep', '3600'], ports: [{ containerPort: 80 }], resources: {} },
    ]);
  });

  it('decodes create service clusterip; nodePort 0 on the wire means unset', () => {
    expect(decodeKubernetesProtobuf(captured('service'))).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'default', labels: { app: 's' } },
      spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 's' }, type: 'ClusterIP' },
      status: { loadBalancer: {} },
    });
  });

  it('decodes a NodePort service with a named target port', () => {
    expect((decodeKubernetesProtobuf(captured('nodePortService')) as any).spec).toEqual({
      ports: [{ name: '80-http', protocol: 'TCP', port: 80, targetPort: 'http', nodePort: 30080 }],
      selector: { app: 'np' },
      type: 'NodePort',
    });
  });

  it('decodes create job; the JobStatus zeros on the wire are dropped', () => {
    expect(decodeKubernetesProtobuf(captured('job'))).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'hello' },
      spec: {
        template: {
          metadata: {},
          spec: { containers: [{ name: 'hello', image: 'busybox', command: ['echo', 'hi'], resources: {} }], restartPolicy: 'Never' },
        },
      },
      status: {},
    });
  });

  it('decodes create secret docker-registry with its type', () => {
    const decoded = decodeKubernetesProtobuf(captured('dockerRegistrySecret')) as any;
    expect(decoded).toMatchObject({ kind: 'Secret', metadata: { name: 'd' }, type: 'kubernetes.io/dockerconfigjson' });
    expect(JSON.parse(Buffer.from(decoded.data['.dockerconfigjson'], 'base64').toString())).toEqual({
      auths: { r: { username: 'u', password: 'p', auth: 'dTpw' } },
    });
  });

  it('decodes create service externalname and loadbalancer', () => {
    expect((decodeKubernetesProtobuf(captured('externalNameService')) as any).spec).toEqual({
      selector: { app: 'e' },
      type: 'ExternalName',
      externalName: 'x.example',
    });
    expect((decodeKubernetesProtobuf(captured('loadBalancerService')) as any).spec).toEqual({
      ports: [{ name: '80', protocol: 'TCP', port: 80, targetPort: 80 }],
      selector: { app: 'lb' },
      type: 'LoadBalancer',
    });
  });

  it('decodes a deployment with two containers', () => {
    const spec = (decodeKubernetesProtobuf(captured('twoContainerDeployment')) as any).spec;
    expect(spec.replicas).toBe(2);
    expect(spec.template.spec.containers).toEqual([
      { name: 'busybox', image: 'busybox', ports: [{ containerPort: 8080 }], resources: {} },
      { name: 'nginx', image: 'nginx', resources: {} },
    ]);
  });

  it.each([
    ['job', 'batch', 'jobs', 'default'],
    ['dockerRegistrySecret', '', 'secrets', 'default'],
    ['externalNameService', '', 'services', 'default'],
    ['loadBalancerService', '', 'services', 'default'],
    ['twoContainerDeployment', 'apps', 'deployments', 'default'],
    ['namespace', '', 'namespaces', undefined],
    ['configmap', '', 'configmaps', 'default'],
    ['secret', '', 'secrets', 'default'],
    ['deployment', 'apps', 'deployments', 'default'],
    ['deploymentWithPortAndCommand', 'apps', 'deployments', 'default'],
    ['service', '', 'services', 'default'],
    ['nodePortService', '', 'services', 'default'],
  ] as const)('the decoded %s passes the create path', (name, group, plural, namespace) => {
    const resource = findResource(group, plural)!;
    expect(() => prepareCreate(resource, decodeKubernetesProtobuf(captured(name)), namespace)).not.toThrow();
  });

  it('is what decodeBody returns for the protobuf content type', () => {
    expect(decodeBody(captured('configmap'), 'application/vnd.kubernetes.protobuf')).toMatchObject({ kind: 'ConfigMap', data: { a: 'b' } });
    expect(decodeBody(captured('configmap'), 'application/vnd.kubernetes.protobuf; charset=utf-8')).toMatchObject({ kind: 'ConfigMap' });
    // The size limit still comes first.
    expect(statusOf(() => decodeBody(Buffer.alloc(3 * 1024 * 1024 + 1), 'application/vnd.kubernetes.protobuf')).code).toBe(413);
  });
});

describe('decodeKubernetesProtobuf with bodies encoded from the schema', () => {
  it('converts a full deployment: Time, Quantity, IntOrString, inline references, zeros', () => {
    const body = encodeEnvelope('apps/v1', 'Deployment', `${APPS}.Deployment`, {
      metadata: {
        name: 'api',
        generateName: '',
        namespace: 'prod',
        generation: 0,
        labels: { app: 'api', empty: '' },
        annotations: { note: 'x' },
        creationTimestamp: { seconds: 1700000000, nanos: 5 },
        finalizers: ['a/b'],
      },
      spec: {
        replicas: 3,
        revisionHistoryLimit: 0,
        minReadySeconds: 0,
        paused: false,
        selector: { matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: { type: 1, strVal: '25%' }, maxSurge: { type: 0, intVal: 2 } },
        },
        template: {
          metadata: { labels: { app: 'api' }, creationTimestamp: {} },
          spec: {
            terminationGracePeriodSeconds: 0,
            restartPolicy: 'Always',
            hostNetwork: false,
            nodeSelector: { disk: 'ssd' },
            imagePullSecrets: [{ name: 'regcred' }],
            containers: [
              {
                name: 'api',
                image: 'example/api:1',
                imagePullPolicy: 'IfNotPresent',
                workingDir: '',
                command: ['/bin/api'],
                args: ['--port', '8080', ''],
                ports: [{ name: 'http', containerPort: 8080, hostPort: 0, protocol: 'TCP' }],
                env: [
                  { name: 'MODE', value: 'prod' },
                  { name: 'EMPTY', value: '' },
                  {
                    name: 'FROM_CM',
                    valueFrom: { configMapKeyRef: { localObjectReference: { name: 'cfg' }, key: 'mode', optional: false } },
                  },
                  { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { localObjectReference: { name: 'sec' }, key: 'token' } } },
                  { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
                ],
                envFrom: [{ prefix: 'CFG_', configMapRef: { localObjectReference: { name: 'cfg' } } }],
                resources: { limits: { cpu: { string: '500m' }, memory: { string: '128Mi' } }, requests: { cpu: { string: '0' } } },
                volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }],
                stdin: false,
                tty: true,
              },
            ],
          },
        },
      },
      status: {},
    });
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'api',
        namespace: 'prod',
        labels: { app: 'api', empty: '' },
        annotations: { note: 'x' },
        creationTimestamp: '2023-11-14T22:13:20Z',
        finalizers: ['a/b'],
      },
      spec: {
        replicas: 3,
        revisionHistoryLimit: 0,
        selector: { matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 2 } },
        template: {
          metadata: { labels: { app: 'api' } },
          spec: {
            terminationGracePeriodSeconds: 0,
            restartPolicy: 'Always',
            nodeSelector: { disk: 'ssd' },
            imagePullSecrets: [{ name: 'regcred' }],
            containers: [
              {
                name: 'api',
                image: 'example/api:1',
                imagePullPolicy: 'IfNotPresent',
                command: ['/bin/api'],
                args: ['--port', '8080', ''],
                ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
                env: [
                  { name: 'MODE', value: 'prod' },
                  { name: 'EMPTY' },
                  { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode', optional: false } } },
                  { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'sec', key: 'token' } } },
                  { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
                ],
                envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'cfg' } }],
                resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '0' } },
                volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }],
                tty: true,
              },
            ],
          },
        },
      },
      status: {},
    });
  });

  it('decodes the ResourceQuota kubectl create quota sends', () => {
    const body = encodeEnvelope('v1', 'ResourceQuota', `${CORE}.ResourceQuota`, {
      metadata: { name: 'compute', namespace: 'team' },
      spec: { hard: { pods: { string: '2' }, 'requests.cpu': { string: '500m' } }, scopes: ['NotTerminating'] },
    });
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'compute', namespace: 'team' },
      spec: { hard: { pods: '2', 'requests.cpu': '500m' }, scopes: ['NotTerminating'] },
    });
  });

  it('keeps only the fields on the wire', () => {
    const body = encodeEnvelope('v1', 'Namespace', `${CORE}.Namespace`, { metadata: { name: 'bare' } });
    expect(decodeKubernetesProtobuf(body)).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bare' } });
  });

  it('converts configmap binaryData and secret bytes to base64', () => {
    const cm = encodeEnvelope('v1', 'ConfigMap', `${CORE}.ConfigMap`, {
      metadata: { name: 'c' },
      data: { a: 'b', blank: '' },
      binaryData: { bin: Buffer.from([0, 1, 2, 255]) },
      immutable: true,
    });
    expect(decodeKubernetesProtobuf(cm)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { a: 'b', blank: '' },
      binaryData: { bin: 'AAEC/w==' },
      immutable: true,
    });
    const secret = encodeEnvelope('v1', 'Secret', `${CORE}.Secret`, {
      metadata: { name: 's' },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': Buffer.from('cert'), 'tls.key': Buffer.from('') },
      stringData: { x: 'y' },
    });
    expect(decodeKubernetesProtobuf(secret)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': 'Y2VydA==', 'tls.key': '' },
      stringData: { x: 'y' },
    });
  });

  it('converts a service with every supported spec field', () => {
    const body = encodeEnvelope('v1', 'Service', `${CORE}.Service`, {
      metadata: { name: 'db', namespace: 'data' },
      spec: {
        type: 'ClusterIP',
        clusterIP: 'None',
        clusterIPs: ['None'],
        selector: { app: 'db' },
        sessionAffinity: 'None',
        ports: [{ name: 'pg', port: 5432, targetPort: { type: 1, strVal: 'pg' }, protocol: 'TCP', nodePort: 0 }, { port: 0 }],
      },
    });
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'db', namespace: 'data' },
      spec: {
        type: 'ClusterIP',
        clusterIP: 'None',
        clusterIPs: ['None'],
        selector: { app: 'db' },
        sessionAffinity: 'None',
        // `port` has no omitempty in Go, so its zero is kept.
        ports: [{ name: 'pg', port: 5432, targetPort: 'pg', protocol: 'TCP' }, { port: 0 }],
      },
    });
  });

  it('skips fields the schema does not know', () => {
    const meta = k8sProtoRoot.lookupType('k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    const writer = protobuf.Writer.create();
    meta.encode({ name: 'n' }, writer);
    // managedFields (17, a message) and an unknown varint (99).
    writer.uint32((17 << 3) | 2).bytes(Buffer.from([0x0a, 0x01, 0x78]));
    writer.uint32((99 << 3) | 0).uint32(7);
    const metaBytes = writer.finish();
    const raw = protobuf.Writer.create()
      .uint32((1 << 3) | 2)
      .bytes(metaBytes)
      .finish();
    const body = Buffer.concat([PROTOBUF_MAGIC, UNKNOWN.encode({ typeMeta: { apiVersion: 'v1', kind: 'Namespace' }, raw }).finish()]);
    expect(decodeKubernetesProtobuf(body)).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } });
  });

  it('converts a job as `kubectl create job NAME --image=IMG -- CMD` sends it', () => {
    const body = encodeEnvelope('batch/v1', 'Job', 'k8s.io.api.batch.v1.Job', {
      metadata: { name: 'hello', namespace: 'default', creationTimestamp: {} },
      spec: {
        template: {
          metadata: { creationTimestamp: {} },
          spec: { restartPolicy: 'Never', containers: [{ name: 'hello', image: 'busybox', command: ['echo', 'hi'] }] },
        },
      },
      status: {},
    });
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'hello', namespace: 'default' },
      spec: {
        template: {
          metadata: {},
          spec: { restartPolicy: 'Never', containers: [{ name: 'hello', image: 'busybox', command: ['echo', 'hi'] }] },
        },
      },
      status: {},
    });
  });

  it('converts a priority class as `kubectl create priorityclass` sends it; value 0 kept, globalDefault false dropped', () => {
    const encode = (value: number, globalDefault: boolean) =>
      encodeEnvelope('scheduling.k8s.io/v1', 'PriorityClass', 'k8s.io.api.scheduling.v1.PriorityClass', {
        metadata: { name: 'high', creationTimestamp: {} },
        value,
        globalDefault,
        description: 'e2e',
        preemptionPolicy: 'Never',
      });
    expect(decodeKubernetesProtobuf(encode(1000, true))).toEqual({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'high' },
      value: 1000,
      globalDefault: true,
      description: 'e2e',
      preemptionPolicy: 'Never',
    });
    expect(decodeKubernetesProtobuf(encode(0, false))).toEqual({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'high' },
      value: 0,
      description: 'e2e',
      preemptionPolicy: 'Never',
    });
  });
});

describe('decodeKubernetesProtobuf errors', () => {
  it('400s a body without the magic', () => {
    expect(statusOf(() => decodeKubernetesProtobuf(Buffer.from('{"kind":"Namespace"}'))).code).toBe(400);
    expect(statusOf(() => decodeKubernetesProtobuf(Buffer.alloc(0))).code).toBe(400);
    expect(statusOf(() => decodeKubernetesProtobuf(Buffer.from([0x6b, 0x38, 0x73]))).reason).toBe('BadRequest');
    expect(statusOf(() => decodeBody(Buffer.from('{}'), 'application/vnd.kubernetes.protobuf')).code).toBe(400);
  });

  it('400s truncated or malformed protobuf', () => {
    const full = captured('deployment');
    expect(statusOf(() => decodeKubernetesProtobuf(full.subarray(0, full.length - 20))).code).toBe(400);
    expect(statusOf(() => decodeKubernetesProtobuf(Buffer.concat([PROTOBUF_MAGIC, Buffer.from([0xff, 0xff, 0xff])]))).code).toBe(400);
    const badRaw = Buffer.concat([
      PROTOBUF_MAGIC,
      UNKNOWN.encode({ typeMeta: { apiVersion: 'v1', kind: 'ConfigMap' }, raw: Buffer.from([0x0a, 0x50, 0x01]) }).finish(),
    ]);
    expect(statusOf(() => decodeKubernetesProtobuf(badRaw)).code).toBe(400);
  });

  it.each([
    ['v1', 'Pod'],
    ['apps/v1', 'StatefulSet'],
    ['v1', 'Deployment'],
    ['apps/v1beta1', 'Deployment'],
    ['', ''],
  ])('415s %s %s', (apiVersion, kind) => {
    const body = Buffer.concat([PROTOBUF_MAGIC, UNKNOWN.encode({ typeMeta: { apiVersion, kind }, raw: Buffer.alloc(0) }).finish()]);
    const status = statusOf(() => decodeKubernetesProtobuf(body));
    expect(status).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
    expect(status.message).toContain(kind ? `${apiVersion}, Kind=${kind}` : 'without apiVersion and kind');
    expect(status.message).toContain('send application/json instead');
  });

  it('415s an encoded (e.g. gzip) raw payload', () => {
    const body = encodeEnvelope('v1', 'Namespace', `${CORE}.Namespace`, { metadata: { name: 'x' } }, { contentEncoding: 'gzip' });
    expect(statusOf(() => decodeKubernetesProtobuf(body)).code).toBe(415);
  });
});
