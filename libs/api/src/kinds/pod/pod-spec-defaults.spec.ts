import { deployments } from '../deployment/deployment-strategy';
import { services } from '../service/service-strategy';
import { defaultPullPolicy } from './pod-spec-defaults';
import { pods } from './pod-strategy';

describe('defaults', () => {
  it.each([
    ['busybox', 'Always'],
    ['busybox:latest', 'Always'],
    ['busybox:1.36', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v2', 'IfNotPresent'],
    ['busybox@sha256:' + 'a'.repeat(64), 'IfNotPresent'],
  ])('pull policy for %s is %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });

  it('fills a pod as the API server does, keeping what the user set', () => {
    const pod: any = {
      metadata: { name: 'p' },
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'c', image: 'busybox:1', ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { port: 80 } } }],
      },
    };
    pods.defaults(pod);
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      enableServiceLinks: true,
    });
    const c = pod.spec.containers[0];
    expect(c).toMatchObject({
      imagePullPolicy: 'IfNotPresent',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    });
    expect(c.ports[0].protocol).toBe('TCP');
    expect(c.readinessProbe).toMatchObject({ periodSeconds: 10, failureThreshold: 3, httpGet: { path: '/', scheme: 'HTTP', port: 80 } });
  });

  it('fills deployment strategy and its pod template', () => {
    const d: any = { spec: { selector: {}, template: { spec: { containers: [{ name: 'c', image: 'app' }] } } } };
    deployments.defaults(d);
    expect(d.spec).toMatchObject({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    });
    expect(d.spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
  });

  it('leaves a Recreate deployment without rollingUpdate and defaults service ports', () => {
    const d: any = { spec: { strategy: { type: 'Recreate' } } };
    deployments.defaults(d);
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
    const svc: any = { spec: { ports: [{ port: 80 }] } };
    services.defaults(svc);
    expect(svc.spec).toEqual({ type: 'ClusterIP', sessionAffinity: 'None', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] });
  });
});
