// Observability end to end: a real `stevedore up` cluster, a real Prometheus that finds the
// nodes and pods through its own kubernetes_sd_configs against our API and scrapes the control
// plane, the agent and cAdvisor metrics through the node proxy, and `kubectl top`.

import {
  freePort,
  promtoolCheckMetrics,
  pushTestImages,
  type RunningPrometheus,
  type RunningRegistry,
  startPrometheus,
  startRegistry,
  type TestImages,
  waitFor,
} from '@stevedore/testing';
import { promises as fs } from 'fs';
import * as https from 'https';
import * as path from 'path';
import { type ClusterProcess, startCluster } from './support/cluster-process';
import { ownPodRange } from './support/pod-range';

jest.setTimeout(240_000);

const POD = 'metrics-demo';

/**
 * The standard Kubernetes scrape configs, pointed at our API (as docs/metrics.md shows). Debian's
 * Prometheus is built without kubernetes_sd_configs, so targets come from the API's
 * http_sd_configs endpoints, which give the same __meta_kubernetes_* labels: the relabelling
 * rules are the ones used with kubernetes_sd_configs, unchanged.
 */
function prometheusConfig(api: string, tokenFile: string, caFile: string): string {
  const auth = `    authorization: {type: Bearer, credentials_file: ${tokenFile}}\n    tls_config: {ca_file: ${caFile}}`;
  const sd = (role: string) =>
    `    http_sd_configs:\n    - url: https://${api}/prometheus/sd/${role}\n      refresh_interval: 2s\n  ${auth.replace(/\n/g, '\n  ')}`;
  const nodeJob = (name: string, suffix: string) => `  - job_name: ${name}
    scheme: https
${auth}
${sd('node')}
    relabel_configs:
    - action: labelmap
      regex: __meta_kubernetes_node_label_(.+)
    - target_label: __address__
      replacement: ${api}
    - source_labels: [__meta_kubernetes_node_name]
      regex: (.+)
      target_label: __metrics_path__
      replacement: /api/v1/nodes/\${1}/proxy/metrics${suffix}`;
  return `global:
  scrape_interval: 2s
  scrape_timeout: 2s
scrape_configs:
  - job_name: apiserver
    scheme: https
${auth}
    static_configs:
    - targets: ['${api}']
${nodeJob('kubernetes-nodes', '')}
${nodeJob('kubernetes-cadvisor', '/cadvisor')}
  - job_name: kubernetes-pods
${sd('pod')}
    relabel_configs:
    - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
      action: keep
      regex: "true"
    - source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
      regex: ([^:]+)(?::\\d+)?;(\\d+)
      replacement: $1:$2
      target_label: __address__
    - source_labels: [__meta_kubernetes_namespace]
      target_label: namespace
    - source_labels: [__meta_kubernetes_pod_name]
      target_label: pod
`;
}

/** GET on the API with the CA from the data dir; `token` undefined = anonymous. */
function apiGet(port: number, ca: string, p: string, token?: string): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port, path: p, ca, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

describe('metrics scraped by a real Prometheus, and kubectl top', () => {
  let registry: RunningRegistry;
  let images: TestImages;
  let cluster: ClusterProcess;
  let prometheus: RunningPrometheus | undefined;
  let token: string;
  let ca: string;
  let readOnly: { controlPlane: number; agent: number };

  beforeAll(async () => {
    registry = await startRegistry();
    images = await pushTestImages(registry);
    readOnly = { controlPlane: await freePort(), agent: await freePort() };
    cluster = await startCluster({
      insecureRegistry: registry.host,
      extraArgs: [
        '--read-only-metrics-port',
        String(readOnly.controlPlane),
        '--read-only-port',
        String(readOnly.agent),
        '--cluster-cidr',
        ownPodRange(),
      ],
    });
    token = (await fs.readFile(path.join(cluster.dataDir, 'pki', 'admin.token'), 'utf8')).trim();
    ca = await fs.readFile(path.join(cluster.dataDir, 'ca.crt'), 'utf8');
    // A pod that uses some CPU and serves its own metrics (busybox httpd) for the pod role.
    const script = [
      'mkdir -p /www',
      "printf '# HELP demo_requests_total Requests served.\\n# TYPE demo_requests_total counter\\ndemo_requests_total 42\\n' > /www/metrics",
      '(while true; do i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 1; done) &',
      'exec httpd -f -p 8080 -h /www',
    ].join('\n');
    const manifest = path.join(cluster.dataDir, 'pod.yaml');
    await fs.writeFile(
      manifest,
      `apiVersion: v1
kind: Pod
metadata:
  name: ${POD}
  labels: {app: demo}
  annotations: {prometheus.io/scrape: "true", prometheus.io/port: "8080"}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${images.busybox}
    command: ["sh", "-c", ${JSON.stringify(script)}]
    ports: [{containerPort: 8080}]
`,
    );
    const applied = await cluster.kubectl('apply', '-f', manifest);
    if (applied.code !== 0) throw new Error(applied.stderr);
    await waitFor(
      async () => JSON.parse((await cluster.kubectl('get', 'pod', POD, '-o', 'json')).stdout || '{}').status?.containerStatuses?.[0]?.ready,
      { what: `pod ${POD} ready`, timeoutMs: 60000, intervalMs: 300 },
    );
  });

  afterAll(async () => {
    await prometheus?.stop();
    await cluster?.kubectl('delete', 'pods', '--all', '--grace-period=0', '--force', '--wait=false');
    const cleanup = cluster ? await cluster.destroy() : { leftoverCgroups: [] };
    await registry?.stop();
    expect(cleanup.leftoverCgroups).toEqual([]);
  });

  it('serves /metrics only with a bearer token, and every document passes promtool', async () => {
    expect((await apiGet(cluster.apiPort, ca, '/metrics')).code).toBe(401);
    expect((await apiGet(cluster.apiPort, ca, `/api/v1/nodes/${cluster.nodeName}/proxy/metrics/cadvisor`)).code).toBe(401);
    for (const p of [
      '/metrics',
      `/api/v1/nodes/${cluster.nodeName}/proxy/metrics`,
      `/api/v1/nodes/${cluster.nodeName}/proxy/metrics/cadvisor`,
    ]) {
      const res = await apiGet(cluster.apiPort, ca, p, token);
      expect({ p, code: res.code }).toEqual({ p, code: 200 });
      expect({ p, check: await promtoolCheckMetrics(res.body) }).toEqual({ p, check: { ok: true, output: '' } });
    }
    const controlPlane = (await apiGet(cluster.apiPort, ca, '/metrics', token)).body;
    expect(controlPlane).toMatch(
      /^apiserver_request_total\{verb="GET",group="",version="v1",resource="pods",subresource="",scope="resource",component="apiserver",code="200"\} [1-9]/m,
    );
    expect(controlPlane).toMatch(
      /^apiserver_request_total\{verb="GET",group="",version="",resource="",subresource="",scope="",component="apiserver",code="401"\} [1-9]/m,
    );
    expect(controlPlane).toMatch(
      /^apiserver_request_duration_seconds_bucket\{le="\+Inf",verb="POST",group="",version="v1",resource="pods",subresource="",scope="namespace",component="apiserver"\} [1-9]/m,
    );
    expect(controlPlane).toMatch(/^scheduler_schedule_attempts_total\{result="scheduled",profile="default-scheduler"\} [1-9]/m);
    expect(controlPlane).toMatch(/^etcd_request_duration_seconds_count\{operation="create",type="pods"\} [1-9]/m);
    expect(controlPlane).toMatch(/^stevedore_pods\{namespace="default",phase="Running"\} 1$/m);
    expect(controlPlane).toMatch(
      new RegExp(`^kube_node_status_condition\\{node="${cluster.nodeName}",condition="Ready",status="true"\\} 1$`, 'm'),
    );
    expect(controlPlane).toMatch(/^workqueue_depth\{name="replicaset"\} \d+$/m);
    const cadvisor = (await apiGet(cluster.apiPort, ca, `/api/v1/nodes/${cluster.nodeName}/proxy/metrics/cadvisor`, token)).body;
    expect(cadvisor).toMatch(
      new RegExp(
        `^container_memory_working_set_bytes\\{[^}]*namespace="default",pod="${POD}",container="main",image="${images.busybox.replace(/[.]/g, '\\.')}"\\} [1-9]`,
        'm',
      ),
    );
    expect(cadvisor).toMatch(
      new RegExp(
        `^container_network_receive_bytes_total\\{[^}]*namespace="default",pod="${POD}",container="",image="",interface="eth0"\\} \\d+`,
        'm',
      ),
    );
    const agent = (await apiGet(cluster.apiPort, ca, `/api/v1/nodes/${cluster.nodeName}/proxy/metrics`, token)).body;
    expect(agent).toMatch(/^kubelet_pod_start_duration_seconds_count [1-9]/m);
    expect(agent).toMatch(/^kubelet_running_pods 1$/m);
    expect(agent).toMatch(/^stevedore_image_store_bytes\{kind="virtual"\} [1-9]/m);
  });

  it('serves the same metrics without a token on the optional read-only ports, on 127.0.0.1 only', async () => {
    for (const url of [
      `http://127.0.0.1:${readOnly.controlPlane}/metrics`,
      `http://127.0.0.1:${readOnly.agent}/metrics`,
      `http://127.0.0.1:${readOnly.agent}/metrics/cadvisor`,
    ]) {
      const res = await fetch(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect({ url, check: await promtoolCheckMetrics(await res.text()) }).toEqual({ url, check: { ok: true, output: '' } });
    }
    expect(await (await fetch(`http://127.0.0.1:${readOnly.agent}/metrics/cadvisor`)).text()).toContain(`pod="${POD}"`);
    expect((await fetch(`http://127.0.0.1:${readOnly.controlPlane}/api/v1/pods`)).status).toBe(404);
    const listening = (await fs.readFile('/proc/net/tcp', 'utf8'))
      .split('\n')
      .filter((l) => / 0A /.test(l))
      .map((l) => l.trim().split(/\s+/)[1]!);
    for (const port of [readOnly.controlPlane, readOnly.agent]) {
      const hex = port.toString(16).toUpperCase().padStart(4, '0');
      expect(listening.filter((a) => a.endsWith(`:${hex}`))).toEqual([`0100007F:${hex}`]);
    }
  });

  it('is found and scraped by Prometheus through service discovery (roles node and pod)', async () => {
    const api = `127.0.0.1:${cluster.apiPort}`;
    prometheus = await startPrometheus(async (dir) => {
      await fs.writeFile(path.join(dir, 'token'), token, { mode: 0o600 });
      await fs.writeFile(path.join(dir, 'ca.crt'), ca);
      return prometheusConfig(api, path.join(dir, 'token'), path.join(dir, 'ca.crt'));
    });
    const prom = prometheus;
    const cpu = await waitFor(
      async () => {
        const result = await prom.query(`container_cpu_usage_seconds_total{pod="${POD}"}`);
        return result.length ? result : undefined;
      },
      { what: `container_cpu_usage_seconds_total for ${POD} in Prometheus`, timeoutMs: 60000, intervalMs: 1000 },
    ).catch(async (err: Error) => {
      throw new Error(
        `${err.message}; targets: ${JSON.stringify(await prom.targets().catch(() => []))}; log: ${prom.output().slice(-3000)}`,
      );
    });
    expect(cpu[0]!.metric).toMatchObject({
      job: 'kubernetes-cadvisor',
      namespace: 'default',
      pod: POD,
      container: 'main',
      image: images.busybox,
      kubernetes_io_hostname: cluster.nodeName,
    });
    const requests = await waitFor(
      async () => {
        const result = await prom.query('apiserver_request_total{job="apiserver",verb="GET",resource="pods",scope="resource",code="200"}');
        return result.length ? result : undefined;
      },
      { what: 'apiserver_request_total in Prometheus', timeoutMs: 30000, intervalMs: 1000 },
    );
    expect(Number(requests[0]!.value[1])).toBeGreaterThan(0);
    // The pod role found the annotated pod and Prometheus scraped it at its pod IP.
    const demo = await waitFor(
      async () => {
        const result = await prom.query(`demo_requests_total{job="kubernetes-pods",pod="${POD}"}`);
        return result.length ? result : undefined;
      },
      { what: "the pod's own metric scraped through the pod role", timeoutMs: 30000, intervalMs: 1000 },
    ).catch(async (err: Error) => {
      throw new Error(
        `${err.message}; targets: ${JSON.stringify((await prom.targets()).filter((t) => t.scrapePool === 'kubernetes-pods'))}`,
      );
    });
    expect(demo[0]!.metric).toMatchObject({ namespace: 'default', pod: POD });
    expect(demo[0]!.value[1]).toBe('42');
    // Those scrapes reached the pod over its own interface, which its cAdvisor series count.
    await waitFor(async () => (await prom.query(`container_network_receive_bytes_total{pod="${POD}",interface="eth0"} > 0`)).length > 0, {
      what: "the pod's received bytes in Prometheus",
      timeoutMs: 30000,
      intervalMs: 1000,
    });
    // A target found again by a discovery refresh is `unknown` until its first scrape: wait that out, then judge.
    const targets = await waitFor(
      async () => {
        const all = await prom.targets();
        return all.every((t) => t.health !== 'unknown') ? all : undefined;
      },
      { what: 'every target scraped at least once', timeoutMs: 30000, intervalMs: 1000 },
    );
    const unhealthy = targets.filter((t) => t.health !== 'up');
    expect(unhealthy.map((t) => `${t.scrapePool} ${t.labels.instance}: ${t.lastError}`)).toEqual([]);
    expect(new Set(targets.map((t) => t.scrapePool))).toEqual(
      new Set(['apiserver', 'kubernetes-nodes', 'kubernetes-cadvisor', 'kubernetes-pods']),
    );
    // Every query of the Grafana dashboard in docs/ is valid PromQL for this Prometheus.
    const dashboard = JSON.parse(await fs.readFile(path.join(__dirname, '../../docs/grafana-dashboard.json'), 'utf8'));
    const exprs: string[] = dashboard.panels.flatMap((p: { targets: { expr: string }[] }) => p.targets.map((t) => t.expr));
    for (const expr of exprs) await expect(prom.query(expr)).resolves.toBeDefined();
  });

  it('kubectl top pods and nodes show usage from metrics.k8s.io', async () => {
    const apis = await cluster.kubectl('api-versions');
    expect(apis.stdout).toContain('metrics.k8s.io/v1beta1');
    let last = '';
    const top = await waitFor(
      async () => {
        const res = await cluster.kubectl('top', 'pods');
        last = `${res.code} ${res.stdout} ${res.stderr}`;
        return res.code === 0 && res.stdout.includes(POD) ? res.stdout : undefined;
      },
      { what: 'kubectl top pods listing the pod', timeoutMs: 60000, intervalMs: 2000 },
    ).catch(async (err: Error) => {
      const summary = await cluster.kubectl('get', '--raw', `/api/v1/nodes/${cluster.nodeName}/proxy/stats/summary`);
      throw new Error(`${err.message}; last: ${last}; summary: ${summary.stdout} ${summary.stderr}`);
    });
    expect(top).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
    const row = new RegExp(`^${POD}\\s+(\\d+)m\\s+(\\d+)Mi`, 'm').exec(top);
    expect(row).not.toBeNull();
    const containers = await cluster.kubectl('top', 'pod', POD, '--containers');
    expect(containers.stdout).toMatch(new RegExp(`^${POD}\\s+main\\s+\\d+m\\s+\\d+Mi`, 'm'));
    const selected = await cluster.kubectl('top', 'pods', '-l', 'app=other');
    expect(selected.stdout + selected.stderr).not.toContain(POD);
    const nodes = await cluster.kubectl('top', 'nodes');
    expect(nodes.code).toBe(0);
    expect(nodes.stdout).toMatch(new RegExp(`^${cluster.nodeName}\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%`, 'm'));
  });
});
