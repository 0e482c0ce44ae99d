// What a custom kind's validation costs (issue 16 asks for under 1.5x): creating N objects of a
// CRD with a 50-field schema and two CEL rules, next to N ConfigMaps carrying the same fifty
// values, through the same API server in the same run. Both go through the same pooled client;
// the control plane's CPU per object is the steadier figure on a shared machine, wall time too.

import { type ApiClient, pooled } from './api-client';
import { sampleCpu } from './cpu-usage';

export interface CustomObjectsResult {
  objects: number;
  customMs: number;
  configMapMs: number;
  /** The control plane's CPU per object (its own process). */
  customCpuMs: number;
  configMapCpuMs: number;
  /** custom over ConfigMap, by control-plane CPU and by wall time. */
  cpuRatio: number;
  timeRatio: number;
}

const FIELDS = 50;
const GROUP = 'bench.stevedore.io';

function crd(): object {
  const properties: Record<string, object> = {};
  for (let i = 0; i < FIELDS; i++)
    properties[`field${i}`] = i % 2 ? { type: 'integer', minimum: 0, maximum: 1_000_000 } : { type: 'string', maxLength: 64 };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `widgets.${GROUP}` },
    spec: {
      group: GROUP,
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties,
                  'x-kubernetes-validations': [
                    { rule: 'self.field1 <= self.field3 + 1000000', message: 'field1 too large' },
                    { rule: "self.field0.startsWith('w')", message: 'field0 must start with w' },
                  ],
                },
              },
            },
          },
        },
      ],
    },
  };
}

function values(i: number): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (let f = 0; f < FIELDS; f++) out[`field${f}`] = f % 2 ? i + f : `w-${i}-${f}`;
  return out;
}

async function established(api: ApiClient): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const res = await api.request('GET', `/apis/${GROUP}/v1/namespaces/default/widgets?limit=1`);
    if (res.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the benchmark CRD was never served');
}

async function timed(api: ApiClient, pid: number, count: number, create: (i: number) => Promise<{ status: number; body: string }>) {
  const before = await sampleCpu([pid]);
  const started = Date.now();
  await pooled(
    Array.from({ length: count }, (_, i) => i),
    32,
    async (i) => {
      const res = await create(i);
      if (res.status !== 201) throw new Error(`create ${i}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
    },
  );
  const ms = Date.now() - started;
  const after = await sampleCpu([pid]);
  // To 0.01 ms: cpuMsPer's 0.1 ms would round a whole run's difference away.
  const seconds = after.processes.get(pid)!.self - before.processes.get(pid)!.self;
  return { ms, cpuMs: Math.round((seconds * 100_000) / count) / 100 };
}

export async function measureCustomObjects(api: ApiClient, controlPlanePid: number, count: number): Promise<CustomObjectsResult> {
  const res = await api.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd());
  if (res.status !== 201) throw new Error(`CRD: HTTP ${res.status} ${res.body.slice(0, 200)}`);
  await established(api);
  const asStrings = (i: number) => Object.fromEntries(Object.entries(values(i)).map(([k, v]) => [k, String(v)]));
  const configMap = (prefix: string) => (i: number) =>
    api.request('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: `${prefix}-${i}` }, data: asStrings(i) });
  const widget = (prefix: string) => (i: number) =>
    api.request('POST', `/apis/${GROUP}/v1/namespaces/default/widgets`, {
      apiVersion: `${GROUP}/v1`,
      kind: 'Widget',
      metadata: { name: `${prefix}-${i}` },
      spec: values(i),
    });
  // Both paths warmed up first, so neither pays for the other's first compilations.
  const warmUp = Math.min(200, count);
  await timed(api, controlPlanePid, warmUp, configMap('warm-cm'));
  await timed(api, controlPlanePid, warmUp, widget('warm-widget'));
  const configMaps = await timed(api, controlPlanePid, count, configMap('bench-cm'));
  const custom = await timed(api, controlPlanePid, count, widget('bench-widget'));
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  return {
    objects: count,
    customMs: custom.ms,
    configMapMs: configMaps.ms,
    customCpuMs: custom.cpuMs,
    configMapCpuMs: configMaps.cpuMs,
    cpuRatio: ratio(custom.cpuMs, configMaps.cpuMs),
    timeRatio: ratio(custom.ms, configMaps.ms),
  };
}
