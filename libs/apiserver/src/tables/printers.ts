import { age } from './duration';
import { podPrinter } from './pod-printer';
import { column, Printer } from './table';

const name = column('Name', 'string', 0, 'name');
const ageColumn = column('Age');
const none = (v: unknown) => (v === undefined || v === null || v === '' ? '<none>' : String(v));

function selectorText(selector: any): string {
  const labels = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const exprs = (selector?.matchExpressions ?? []).map((e: any) => `${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(',')})`);
  return none([...labels, ...exprs].join(','));
}

function containersAndImages(template: any): [string, string] {
  const containers = template?.spec?.containers ?? [];
  return [containers.map((c: any) => c.name).join(','), containers.map((c: any) => c.image).join(',')];
}

const deploymentPrinter: Printer = {
  columns: [name, column('Ready'), column('Up-to-date', 'integer'), column('Available', 'integer'), ageColumn,
    column('Containers', 'string', 1), column('Images', 'string', 1), column('Selector', 'string', 1)],
  cells: (d, now) => [d.metadata.name, `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`, d.status?.updatedReplicas ?? 0,
    d.status?.availableReplicas ?? 0, age(d.metadata.creationTimestamp, now), ...containersAndImages(d.spec?.template), selectorText(d.spec?.selector)],
};

const replicaSetPrinter: Printer = {
  columns: [name, column('Desired', 'integer'), column('Current', 'integer'), column('Ready', 'integer'), ageColumn,
    column('Containers', 'string', 1), column('Images', 'string', 1), column('Selector', 'string', 1)],
  cells: (r, now) => [r.metadata.name, r.spec?.replicas ?? 0, r.status?.replicas ?? 0, r.status?.readyReplicas ?? 0,
    age(r.metadata.creationTimestamp, now), ...containersAndImages(r.spec?.template), selectorText(r.spec?.selector)],
};

const daemonSetPrinter: Printer = {
  columns: [name, column('Desired', 'integer'), column('Current', 'integer'), column('Ready', 'integer'), column('Up-to-date', 'integer'),
    column('Available', 'integer'), column('Node Selector'), ageColumn, column('Containers', 'string', 1), column('Images', 'string', 1), column('Selector', 'string', 1)],
  cells: (d, now) => {
    const s = d.status ?? {};
    const nodeSelector = Object.entries(d.spec?.template?.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    return [d.metadata.name, s.desiredNumberScheduled ?? 0, s.currentNumberScheduled ?? 0, s.numberReady ?? 0, s.updatedNumberScheduled ?? 0,
      s.numberAvailable ?? 0, none(nodeSelector), age(d.metadata.creationTimestamp, now), ...containersAndImages(d.spec?.template), selectorText(d.spec?.selector)];
  },
};

const jobPrinter: Printer = {
  columns: [name, column('Status'), column('Completions'), column('Duration'), ageColumn],
  cells: (j, now) => {
    const s = j.status ?? {};
    const conditions: any[] = s.conditions ?? [];
    const has = (type: string) => conditions.some((c) => c.type === type && c.status === 'True');
    const status = has('Complete') ? 'Complete' : has('Failed') ? 'Failed' : 'Running';
    const start = s.startTime ? Date.parse(s.startTime) : undefined;
    const end = s.completionTime ? Date.parse(s.completionTime) : now;
    const duration = start === undefined ? '' : age(new Date(start).toISOString(), end);
    return [j.metadata.name, status, `${s.succeeded ?? 0}/${j.spec?.completions ?? 1}`, duration, age(j.metadata.creationTimestamp, now)];
  },
};

const nodePrinter: Printer = {
  columns: [name, column('Status'), column('Roles'), ageColumn, column('Version'), column('Internal-IP', 'string', 1),
    column('External-IP', 'string', 1), column('OS-Image', 'string', 1), column('Kernel-Version', 'string', 1), column('Container-Runtime', 'string', 1)],
  cells: (n, now) => {
    const ready = (n.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
    // As kubectl shows it: Unknown (agent silent) is NotReady too; a node with no Ready condition yet is Unknown.
    let status = ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown';
    if (n.spec?.unschedulable) status += ',SchedulingDisabled';
    const roles = Object.keys(n.metadata.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/'))
      .map((k) => k.slice('node-role.kubernetes.io/'.length)).join(',');
    const address = (type: string) => none((n.status?.addresses ?? []).find((a: any) => a.type === type)?.address);
    const info = n.status?.nodeInfo ?? {};
    return [n.metadata.name, status, none(roles), age(n.metadata.creationTimestamp, now), none(info.kubeletVersion),
      address('InternalIP'), address('ExternalIP'), none(info.osImage), none(info.kernelVersion), none(info.containerRuntimeVersion)];
  },
};

const servicePrinter: Printer = {
  columns: [name, column('Type'), column('Cluster-IP'), column('External-IP'), column('Port(s)'), ageColumn, column('Selector', 'string', 1)],
  cells: (s, now) => {
    const ports = (s.spec?.ports ?? []).map((p: any) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
    const selector = Object.entries(s.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    const external = s.spec?.type === 'ExternalName' ? s.spec.externalName : (s.spec?.externalIPs ?? []).join(',');
    return [s.metadata.name, s.spec?.type ?? 'ClusterIP', none(s.spec?.clusterIP), none(external),
      none(ports), age(s.metadata.creationTimestamp, now), none(selector)];
  },
};

/** Up to three ready ip:port pairs, then "+ N more...", as kubectl prints them. */
function endpointList(e: any): string {
  const pairs = (e.subsets ?? []).flatMap((s: any) => (s.addresses ?? []).flatMap((a: any) => (s.ports ?? [{}]).map((p: any) => (p.port ? `${a.ip}:${p.port}` : a.ip))));
  if (!pairs.length) return '<none>';
  return pairs.length > 3 ? `${pairs.slice(0, 3).join(',')} + ${pairs.length - 3} more...` : pairs.join(',');
}

const endpointsPrinter: Printer = {
  columns: [name, column('Endpoints'), ageColumn],
  cells: (e, now) => [e.metadata.name, endpointList(e), age(e.metadata.creationTimestamp, now)],
};

const eventPrinter: Printer = {
  // As upstream: the event's own name is shown only with -o wide.
  columns: [column('Last Seen'), column('Type'), column('Reason'), column('Object'), column('Message'), column('Name', 'string', 1, 'name')],
  cells: (e, now) => [age(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp, now), e.type ?? '', e.reason ?? '',
    `${(e.involvedObject?.kind ?? '').toLowerCase()}/${e.involvedObject?.name ?? ''}`, e.message ?? '', e.metadata.name],
};

const simple = (extra: [string, (o: any) => unknown][]): Printer => ({
  columns: [name, ...extra.map(([title]) => column(title)), ageColumn],
  cells: (o, now) => [o.metadata.name, ...extra.map(([, get]) => get(o)), age(o.metadata.creationTimestamp, now)],
});

/** Column printers by kind, matching what kubectl prints against a Kubernetes API server. */
export const PRINTERS: Record<string, Printer> = {
  Pod: podPrinter,
  Deployment: deploymentPrinter,
  ReplicaSet: replicaSetPrinter,
  DaemonSet: daemonSetPrinter,
  Job: jobPrinter,
  Node: nodePrinter,
  Service: servicePrinter,
  Endpoints: endpointsPrinter,
  Event: eventPrinter,
  Namespace: simple([['Status', (n) => n.status?.phase ?? 'Active']]),
  ConfigMap: simple([['Data', (c) => Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length]]),
  Secret: simple([['Type', (s) => s.type ?? 'Opaque'], ['Data', (s) => Object.keys(s.data ?? {}).length]]),
  Lease: simple([['Holder', (l) => l.spec?.holderIdentity ?? '']]),
};

export const DEFAULT_PRINTER = simple([]);
