import { deployments, endpoints, events, nodes, podStatus, pods, services } from '../kinds';
import { simplePrinter } from './columns';
import { age, humanDuration } from './duration';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe('humanDuration', () => {
  it.each([
    [5, '5s'],
    [119, '119s'],
    [125, '2m5s'],
    [600, '10m'],
    [3 * 3600, '3h'],
    [3 * 3600 + 60 * 20, '3h20m'],
    [30 * 3600, '30h'],
    [3 * 86400 + 3600, '3d1h'],
    [100 * 86400, '100d'],
    [3 * 365 * 86400 + 86400 * 5, '3y5d'],
  ])('%s seconds is %s', (s, text) => expect(humanDuration(s * 1000)).toBe(text));

  it('prints <unknown> for a missing timestamp', () => expect(age(undefined, NOW)).toBe('<unknown>'));
});

describe('pod STATUS', () => {
  const pod = (status: any, extra: any = {}): any => ({
    metadata: { name: 'p', ...extra.metadata },
    spec: { containers: [{}], ...extra.spec },
    status,
  });

  it.each([
    [{ phase: 'Pending' }, 'Pending'],
    [{ phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff' } } }] }, 'ImagePullBackOff'],
    [{ phase: 'Running', containerStatuses: [{ ready: true, state: { running: {} } }] }, 'Running'],
    [{ phase: 'Running', containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, 'CrashLoopBackOff'],
    [{ phase: 'Failed', containerStatuses: [{ state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }] }, 'OOMKilled'],
    [{ phase: 'Failed', containerStatuses: [{ state: { terminated: { exitCode: 3 } } }] }, 'ExitCode:3'],
    [{ phase: 'Succeeded', containerStatuses: [{ state: { terminated: { reason: 'Completed', exitCode: 0 } } }] }, 'Completed'],
  ])('%j → %s', (status, text) => expect(podStatus(pod(status))).toBe(text));

  it('shows init progress and Terminating', () => {
    const withInit = pod(
      { phase: 'Pending', initContainerStatuses: [{ state: { terminated: { exitCode: 0 } } }, { state: { running: {} } }] },
      { spec: { initContainers: [{}, {}] } },
    );
    expect(podStatus(withInit)).toBe('Init:1/2');
    expect(podStatus(pod({ phase: 'Running' }, { metadata: { deletionTimestamp: ago(1) } }))).toBe('Terminating');
  });
});

describe('printers', () => {
  it('print pods with the upstream columns, wide columns at priority 1', () => {
    const pod = {
      metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(42), labels: { app: 'web' } },
      spec: { nodeName: 'node-1', containers: [{ name: 'a' }, { name: 'b' }] },
      status: {
        phase: 'Running',
        podIP: '198.19.0.5',
        containerStatuses: [
          { name: 'a', image: 'x', imageID: '', ready: true, restartCount: 1, state: { running: {} } },
          { name: 'b', image: 'x', imageID: '', ready: false, restartCount: 2, state: { running: {} } },
        ],
      },
    };
    expect(pods.printer.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0',
      'Ready:0',
      'Status:0',
      'Restarts:0',
      'Age:0',
      'IP:1',
      'Node:1',
      'Nominated Node:1',
      'Readiness Gates:1',
    ]);
    expect(pods.printer.cells(pod, NOW)).toEqual(['web', '1/2', 'Running', '3', '42s', '198.19.0.5', 'node-1', '<none>', '<none>']);
  });

  it('print deployments, nodes, services, endpoints and events, and NAME AGE for simple kinds', () => {
    const d = {
      metadata: { name: 'web', creationTimestamp: ago(600) },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
      },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    expect(deployments.printer.cells(d, NOW)).toEqual(['web', '2/3', 3, 2, '10m', 'nginx', 'nginx:1.27', 'app=web']);
    const n = {
      metadata: { name: 'n1', creationTimestamp: ago(5), labels: { 'node-role.kubernetes.io/control-plane': '' } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.0' } as never },
    };
    expect(nodes.printer.cells(n, NOW).slice(0, 5)).toEqual(['n1', 'Ready,SchedulingDisabled', 'control-plane', '5s', 'v1.32.0']);
    const svc = { metadata: { name: 'db', creationTimestamp: ago(5) }, spec: { type: 'ExternalName', externalName: 'db.example.test' } };
    expect(services.printer.cells(svc, NOW).slice(0, 4)).toEqual(['db', 'ExternalName', '<none>', 'db.example.test']);
    const ep = {
      metadata: { name: 'web', creationTimestamp: ago(5) },
      subsets: [
        { addresses: [{ ip: '198.19.0.2' }, { ip: '198.19.1.2' }, { ip: '198.19.2.2' }, { ip: '198.19.3.2' }], ports: [{ port: 80 }] },
      ],
    };
    expect(endpoints.printer.cells(ep, NOW)).toEqual(['web', '198.19.0.2:80,198.19.1.2:80,198.19.2.2:80 + 1 more...', '5s']);
    expect(events.printer.columns.filter((c) => c.priority === 0).map((c) => c.name)).toEqual([
      'Last Seen',
      'Type',
      'Reason',
      'Object',
      'Message',
    ]);
    expect(simplePrinter().cells({ metadata: { name: 'w', creationTimestamp: ago(3) } }, NOW)).toEqual(['w', '3s']);
  });
});
