// CONNECT admission of pod streams, as kube-apiserver runs it before any stream is opened: the
// webhooks whose rules name pods/exec, pods/attach or pods/portforward (or `*/*`) get an
// AdmissionReview whose object is the request's options (PodExecOptions, PodAttachOptions,
// PodPortForwardOptions) built from the query; a denial refuses the upgrade with the webhook's
// message, and a mutating webhook's patch is what the stream then uses.
import { findResource } from '@stevedore/api';
import type { User } from '@stevedore/auth';
import type { ApiObject } from '../objects/api-object';
import type { ObjectRegistry } from '../registry/object-registry';

const PODS = findResource('', 'pods')!;

/** The options object of a pod stream, as Kubernetes serializes it (false flags and empty fields left out). */
export interface ConnectOptions {
  kind: 'PodExecOptions' | 'PodAttachOptions' | 'PodPortForwardOptions';
  apiVersion: 'v1';
  stdin?: boolean;
  stdout?: boolean;
  stderr?: boolean;
  tty?: boolean;
  container?: string;
  command?: string[];
  ports?: number[];
}

const flag = (params: URLSearchParams, name: string) => ['true', '1'].includes(params.get(name) ?? '');

function streamFlags(params: URLSearchParams): Partial<ConnectOptions> {
  const flags: Partial<ConnectOptions> = {};
  for (const name of ['stdin', 'stdout', 'stderr', 'tty'] as const) if (flag(params, name)) flags[name] = true;
  const container = params.get('container');
  if (container) flags.container = container;
  return flags;
}

/** The options of `pods/NAME/exec` or `pods/NAME/attach` from its query. */
export function streamOptions(action: 'exec' | 'attach', params: URLSearchParams): ConnectOptions {
  const kind = action === 'exec' ? 'PodExecOptions' : 'PodAttachOptions';
  const command = params.getAll('command');
  return { kind, apiVersion: 'v1', ...streamFlags(params), ...(action === 'exec' ? { command } : {}) };
}

/** The options of `pods/NAME/portforward`: the ports the query names, if any (kubectl names them per stream). */
export function portForwardOptions(params: URLSearchParams): ConnectOptions {
  const ports = params
    .getAll('ports')
    .flatMap((p) => p.split(','))
    .map(Number)
    .filter(Number.isInteger);
  return { kind: 'PodPortForwardOptions', apiVersion: 'v1', ...(ports.length ? { ports } : {}) };
}

/** Runs CONNECT admission; the options as the webhooks left them (refused with their Status otherwise). */
export async function admitConnect(
  registry: ObjectRegistry,
  request: { subresource: 'exec' | 'attach' | 'portforward'; namespace: string; name: string; user?: User },
  options: ConnectOptions,
): Promise<ConnectOptions> {
  const object = { ...options } as unknown as ApiObject;
  const kind = { group: '', version: 'v1', kind: options.kind };
  const { subresource, namespace, name, user } = request;
  await registry.admission.subresource(PODS, { operation: 'CONNECT', subresource, namespace, name, object, kind }, { user });
  return object as unknown as ConnectOptions;
}
