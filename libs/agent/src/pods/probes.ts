// Container probes (exec, httpGet, tcpSocket) with Kubernetes' defaults and thresholds.

import type { ContainerRuntime } from '@stevedore/runtime';
import * as http from 'http';
import * as net from 'net';
import type { Obj } from './pod-status';

export type ProbeKind = 'startup' | 'liveness' | 'readiness';

export interface ProbeTarget {
  runtime: ContainerRuntime;
  containerId: string;
  container: Obj;
  /** Where httpGet and tcpSocket connect when the probe names no host. */
  podIP: string;
}

export interface ProbeOutcome {
  ok: boolean;
  message: string;
}

export function probeTiming(probe: Obj) {
  return {
    initialDelayMs: (probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: (probe.periodSeconds ?? 10) * 1000,
    timeoutMs: (probe.timeoutSeconds ?? 1) * 1000,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
}

export async function runProbe(probe: Obj, target: ProbeTarget): Promise<ProbeOutcome> {
  const { timeoutMs } = probeTiming(probe);
  try {
    if (probe.exec) return await execProbe(probe.exec.command ?? [], target, timeoutMs);
    if (probe.httpGet) return await httpProbe(probe.httpGet, target, timeoutMs);
    if (probe.tcpSocket) return await tcpProbe(probe.tcpSocket, target, timeoutMs);
    return { ok: true, message: '' };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

function resolvePort(port: number | string, container: Obj): number {
  if (typeof port === 'number') return port;
  const named = (container.ports ?? []).find((p: Obj) => p.name === port);
  if (!named) throw new Error(`no container port named "${port}"`);
  return named.containerPort;
}

async function execProbe(command: string[], target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const session = await target.runtime.exec(target.containerId, { args: command });
  let output = '';
  session.stdout.on('data', (d: Buffer) => (output += d.toString()));
  session.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await withTimeout(session.exitCode, timeoutMs, `command timed out after ${timeoutMs / 1000}s`);
  return code === 0
    ? { ok: true, message: '' }
    : { ok: false, message: `command ${JSON.stringify(command)} exited with ${code}: ${output.trim().slice(0, 200)}` };
}

function httpProbe(spec: Obj, target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const port = resolvePort(spec.port, target.container);
  const host = spec.host || target.podIP;
  const headers = Object.fromEntries((spec.httpHeaders ?? []).map((h: Obj) => [h.name, h.value]));
  return new Promise((resolve) => {
    const req = http.get(
      { host, port, path: spec.path ?? '/', headers: { 'User-Agent': 'stevedore-probe/1.0', ...headers }, timeout: timeoutMs },
      (res) => {
        res.resume();
        const code = res.statusCode ?? 0;
        resolve(
          code >= 200 && code < 400 ? { ok: true, message: '' } : { ok: false, message: `HTTP probe failed with statuscode: ${code}` },
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`Get "http://${host}:${port}${spec.path ?? '/'}": context deadline exceeded`)));
    req.on('error', (err) => resolve({ ok: false, message: err.message }));
  });
}

function tcpProbe(spec: Obj, target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const port = resolvePort(spec.port, target.container);
  const host = spec.host || target.podIP;
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: timeoutMs }, () => {
      socket.destroy();
      resolve({ ok: true, message: '' });
    });
    socket.on('timeout', () => socket.destroy(new Error(`dial tcp ${host}:${port}: i/o timeout`)));
    socket.on('error', (err) => resolve({ ok: false, message: err.message }));
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
