import { hostNamespaces, hostPathVolumes, hostPorts, privileged, windowsHostProcess } from './host-checks';
import { containers, pod } from './testing';

describe('host checks', () => {
  it('names each host namespace a pod shares', () => {
    expect(hostNamespaces.run(pod(), 32)).toBeUndefined();
    expect(hostNamespaces.run(pod({ hostNetwork: true, hostIPC: true, hostPID: false }), 32)).toEqual({
      reason: 'host namespaces',
      detail: 'hostNetwork=true, hostIPC=true',
    });
  });

  it('lists hostPath volumes and lets other volumes be', () => {
    const volumes = [
      { name: 'root', hostPath: { path: '/' } },
      { name: 'scratch', emptyDir: {} },
      { name: 'etc', hostPath: { path: '/etc' } },
    ];
    expect(hostPathVolumes.run(pod({ volumes: volumes.slice(1, 2) }), 32)).toBeUndefined();
    expect(hostPathVolumes.run(pod({ volumes: volumes.slice(0, 1) }), 32)).toEqual({ reason: 'hostPath volumes', detail: 'volume "root"' });
    expect(hostPathVolumes.run(pod({ volumes }), 32)?.detail).toBe('volumes "root", "etc"');
  });

  it('lists host ports, ignoring 0', () => {
    const one = pod({
      containers: containers({
        ports: [
          { containerPort: 80, hostPort: 8080 },
          { containerPort: 81, hostPort: 0 },
        ],
      }),
    });
    expect(hostPorts.run(one, 32)).toEqual({ reason: 'hostPort', detail: 'container "c0" uses hostPort 8080' });
    const two = pod({
      containers: containers(
        { ports: [{ containerPort: 80, hostPort: 80 }] },
        {
          ports: [
            { containerPort: 443, hostPort: 443 },
            { containerPort: 80, hostPort: 80, protocol: 'UDP' },
          ],
        },
      ),
    });
    expect(hostPorts.run(two, 32)?.detail).toBe('containers "c0", "c1" use hostPorts 443, 80');
    expect(hostPorts.run(pod({ containers: containers({ ports: [{ containerPort: 80 }] }) }), 32)).toBeUndefined();
  });

  it('names privileged containers, init containers included', () => {
    const spec = {
      initContainers: [{ name: 'setup', image: 'busybox', securityContext: { privileged: true } }],
      containers: containers({ securityContext: { privileged: false } }, { securityContext: { privileged: true } }),
    };
    expect(privileged.run(pod(spec), 32)).toEqual({
      reason: 'privileged',
      detail: 'containers "setup", "c1" must not set securityContext.privileged=true',
    });
  });

  it('refuses Windows host processes at pod or container level', () => {
    const spec = {
      securityContext: { windowsOptions: { hostProcess: true } },
      containers: containers({ securityContext: { windowsOptions: { hostProcess: true } } }),
    };
    expect(windowsHostProcess.run(pod(spec), 32)).toEqual({
      reason: 'hostProcess',
      detail: 'pod and container "c0" must not set securityContext.windowsOptions.hostProcess=true',
    });
    expect(windowsHostProcess.run(pod(), 32)).toBeUndefined();
  });
});
