// The environment variables Kubernetes gives every container for the Services that exist when it
// starts: FOO_SERVICE_HOST/_PORT and the Docker-link style FOO_PORT_80_TCP…, for the Services of
// the pod's namespace (unless enableServiceLinks is false) and always for the API's `kubernetes`.

export interface ServicePortEntry {
  /** namespace/name:port-name-or-number, as the control plane sends them. */
  name: string;
  clusterIp: string;
  port: number;
  protocol: string;
}

export function serviceEnv(entries: ServicePortEntry[], namespace: string, enableServiceLinks: boolean): Map<string, string> {
  const vars = new Map<string, string>();
  const byService = new Map<string, ServicePortEntry[]>();
  for (const e of entries) {
    const service = e.name.slice(0, e.name.lastIndexOf(':'));
    const list = byService.get(service) ?? [];
    byService.set(service, [...list, e]);
  }
  for (const [service, ports] of byService) {
    const [ns, name] = service.split('/') as [string, string];
    const wanted = (ns === namespace && enableServiceLinks) || (ns === 'default' && name === 'kubernetes');
    if (wanted) addServiceVars(vars, name, ports);
  }
  return vars;
}

function addServiceVars(vars: Map<string, string>, service: string, ports: ServicePortEntry[]): void {
  const prefix = envName(service);
  const [first] = ports;
  if (!first) return;
  vars.set(`${prefix}_SERVICE_HOST`, first.clusterIp);
  vars.set(`${prefix}_SERVICE_PORT`, String(first.port));
  vars.set(`${prefix}_PORT`, `${first.protocol.toLowerCase()}://${first.clusterIp}:${first.port}`);
  for (const p of ports) {
    const portName = p.name.slice(p.name.lastIndexOf(':') + 1);
    if (!/^\d+$/.test(portName)) vars.set(`${prefix}_SERVICE_PORT_${envName(portName)}`, String(p.port));
    const link = `${prefix}_PORT_${p.port}_${p.protocol.toUpperCase()}`;
    vars.set(link, `${p.protocol.toLowerCase()}://${p.clusterIp}:${p.port}`);
    vars.set(`${link}_PROTO`, p.protocol.toLowerCase());
    vars.set(`${link}_PORT`, String(p.port));
    vars.set(`${link}_ADDR`, p.clusterIp);
  }
}

function envName(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}
