// `stevedore apply|get|describe|delete|logs|exec`: the everyday kubectl verbs over the same
// API, for people without kubectl.

import { ignoring, isNotFound } from '@stevedore/api';
import { defaultDataDir } from '@stevedore/options';
import type { Command } from 'commander';
import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { table } from '../format/table';
import { ApiClient, ApiError, loadKubeconfig } from './api-client';
import { collectionPath, objectPath, resolveKind, resolveType } from './resource-names';

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

interface GlobalOptions {
  kubeconfig?: string;
  namespace?: string;
}

export async function client(cmd: Command): Promise<ApiClient> {
  const opts = cmd.optsWithGlobals<GlobalOptions>();
  const file = opts.kubeconfig ?? process.env.KUBECONFIG ?? path.join(defaultDataDir(), 'kubeconfig');
  if (!existsSync(file)) throw new Error(`no kubeconfig at ${file}; start a cluster with \`stevedore up\` or pass --kubeconfig`);
  const target = await loadKubeconfig(file);
  if (opts.namespace) target.namespace = opts.namespace;
  return new ApiClient(target);
}

/** Objects from files, folders (their .yaml/.yml/.json files) or stdin (`-`), multi-document aware. */
export async function readManifests(sources: string[]): Promise<any[]> {
  const texts: { name: string; text: string }[] = [];
  for (const source of sources) {
    if (source === '-') {
      let text = '';
      for await (const chunk of process.stdin) text += chunk;
      texts.push({ name: 'stdin', text });
    } else if ((await fs.stat(source)).isDirectory()) {
      for (const entry of (await fs.readdir(source)).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()) {
        texts.push({ name: path.join(source, entry), text: await fs.readFile(path.join(source, entry), 'utf8') });
      }
    } else {
      texts.push({ name: source, text: await fs.readFile(source, 'utf8') });
    }
  }
  const objects: any[] = [];
  for (const { name, text } of texts) {
    for (const doc of parseAllDocuments(text)) {
      if ('errors' in doc && doc.errors.length) throw new Error(`${name}: ${doc.errors[0]!.message.split('\n')[0]}`);
      const value = doc.toJS();
      if (value == null) continue;
      const items = value.kind?.endsWith('List') && Array.isArray(value.items) ? value.items : [value];
      objects.push(...items);
    }
  }
  return objects;
}

function describeFailure(err: unknown): string {
  return err instanceof ApiError ? `Error from server (${err.reason || err.code}): ${err.message}` : `error: ${(err as Error).message}`;
}

export function registerKubeCommands(program: Command): void {
  program
    .option('--kubeconfig <file>', 'kubeconfig for the cluster commands (default: $KUBECONFIG or DATA_DIR/kubeconfig)')
    .option('-n, --namespace <ns>', 'namespace for the cluster commands');

  program
    .command('apply')
    .description('create or update objects from YAML/JSON files, folders or stdin')
    .requiredOption('-f, --filename <path...>', 'files, folders or - for stdin')
    .action(async (opts: { filename: string[] }, cmd: Command) => {
      const api = await client(cmd);
      let failed = false;
      for (const object of await readManifests(opts.filename)) {
        try {
          const resource = resolveKind(object.apiVersion, object.kind);
          const namespace = resource.namespaced ? (object.metadata?.namespace ?? api.target.namespace) : undefined;
          const url = `${objectPath(resource, namespace, object.metadata?.name ?? '')}?fieldManager=stevedore&fieldValidation=Strict`;
          // Only to say "created" or "configured": a 404 is the answer, any other failure stops this object.
          const before = await api.request('GET', objectPath(resource, namespace, object.metadata?.name ?? '')).catch(ignoring(isNotFound));
          await api.request('PATCH', url, object, { 'Content-Type': 'application/apply-patch+yaml' });
          process.stdout.write(
            `${resource.singular}${resource.group ? `.${resource.group}` : ''}/${object.metadata.name} ${before ? 'configured' : 'created'}\n`,
          );
        } catch (err) {
          failed = true;
          process.stderr.write(`${describeFailure(err)}\n`);
        }
      }
      if (failed) process.exitCode = 1;
    });

  program
    .command('get')
    .description('list objects, or show one (-o yaml|json|wide)')
    .argument('<type>')
    .argument('[names...]')
    .option('-A, --all-namespaces', 'across all namespaces')
    .option('-l, --selector <selector>', 'label selector')
    .option('-o, --output <format>', 'wide, yaml, json or name')
    .action(async (type: string, names: string[], opts: { allNamespaces?: boolean; selector?: string; output?: string }, cmd: Command) => {
      const api = await client(cmd);
      const resource = resolveType(type);
      const namespace = opts.allNamespaces ? undefined : api.target.namespace;
      const query = opts.selector ? `?labelSelector=${encodeURIComponent(opts.selector)}` : '';
      const paths = names.length ? names.map((n) => objectPath(resource, namespace, n)) : [collectionPath(resource, namespace) + query];
      if (opts.output === 'yaml' || opts.output === 'json' || opts.output === 'name') {
        const objects = await Promise.all(paths.map((p) => api.request('GET', p)));
        const items = objects.flatMap((o) => (o.items ? o.items : [o]));
        if (opts.output === 'name') process.stdout.write(items.map((o) => `${resource.singular}/${o.metadata.name}\n`).join(''));
        else {
          const shown = names.length === 1 ? items[0] : { apiVersion: 'v1', kind: 'List', items };
          process.stdout.write(opts.output === 'json' ? `${JSON.stringify(shown, null, 2)}\n` : stringify(shown));
        }
        return;
      }
      const tables = await Promise.all(paths.map((p) => api.request('GET', p, undefined, { Accept: TABLE_ACCEPT })));
      const columns = (tables[0].columnDefinitions as { name: string; priority: number }[])
        .map((c, i) => ({ ...c, i }))
        .filter((c) => opts.output === 'wide' || c.priority === 0);
      const rows = tables.flatMap((t) => t.rows as { cells: unknown[]; object: any }[]);
      if (!rows.length) {
        process.stderr.write(namespace ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n');
        return;
      }
      const headers = [...(opts.allNamespaces ? ['NAMESPACE'] : []), ...columns.map((c) => c.name.toUpperCase())];
      process.stdout.write(
        table(
          headers,
          rows.map((r) => [
            ...(opts.allNamespaces ? [r.object?.metadata?.namespace ?? ''] : []),
            ...columns.map((c) => String(r.cells[c.i] ?? '<none>')),
          ]),
        ),
      );
    });

  program
    .command('describe')
    .description('show an object and its events')
    .argument('<type>')
    .argument('<name>')
    .action(async (type: string, name: string, _opts: unknown, cmd: Command) => {
      const api = await client(cmd);
      const resource = resolveType(type);
      const namespace = resource.namespaced ? api.target.namespace : undefined;
      const object = await api.request('GET', objectPath(resource, namespace, name));
      const { managedFields: _ignored, ...metadata } = object.metadata;
      process.stdout.write(stringify({ ...object, metadata }));
      const selector = encodeURIComponent(`involvedObject.uid=${object.metadata.uid}`);
      const events = await api.request('GET', `/api/v1/namespaces/${namespace ?? 'default'}/events?fieldSelector=${selector}`);
      const rows = (events.items as any[])
        .sort((a, b) => String(a.lastTimestamp).localeCompare(String(b.lastTimestamp)))
        .map((e) => [e.type, e.reason, e.lastTimestamp ?? '', e.source?.component ?? '', e.message]);
      process.stdout.write(`\nEvents:\n${rows.length ? table(['TYPE', 'REASON', 'TIME', 'FROM', 'MESSAGE'], rows) : '  <none>\n'}`);
    });

  program
    .command('delete')
    .description('delete objects by type and name, or from files')
    .argument('[type]')
    .argument('[names...]')
    .option('-f, --filename <path...>', 'files, folders or - for stdin')
    .option('--grace-period <seconds>', 'seconds to let pods stop (0 with --force: at once)')
    .option('--force', 'with --grace-period=0: remove without waiting for the node')
    .action(async (type: string | undefined, names: string[], opts: { filename?: string[]; gracePeriod?: string }, cmd: Command) => {
      const api = await client(cmd);
      const targets = opts.filename
        ? (await readManifests(opts.filename)).map((o) => ({
            resource: resolveKind(o.apiVersion, o.kind),
            namespace: o.metadata?.namespace,
            name: o.metadata?.name,
          }))
        : names.map((name) => ({ resource: resolveType(type ?? ''), namespace: undefined as string | undefined, name }));
      if (!targets.length) throw new Error('give a type and names, or -f FILE');
      const body = {
        propagationPolicy: 'Background',
        ...(opts.gracePeriod !== undefined ? { gracePeriodSeconds: Number(opts.gracePeriod) } : {}),
      };
      for (const { resource, namespace, name } of targets) {
        const ns = resource.namespaced ? (namespace ?? api.target.namespace) : undefined;
        try {
          await api.request('DELETE', objectPath(resource, ns, name), body);
          process.stdout.write(`${resource.singular} "${name}" deleted\n`);
        } catch (err) {
          process.exitCode = 1;
          process.stderr.write(`${describeFailure(err)}\n`);
        }
      }
    });

  program
    .command('logs')
    .description("print a container's logs")
    .argument('<pod>')
    .option('-c, --container <name>', 'container (default: the only one)')
    .option('-f, --follow', 'keep streaming')
    .option('--tail <lines>', 'only the last lines')
    .option('-p, --previous', 'the previous, terminated container')
    .option('--timestamps', 'prefix each line with its time')
    .action(
      async (
        pod: string,
        opts: { container?: string; follow?: boolean; tail?: string; previous?: boolean; timestamps?: boolean },
        cmd: Command,
      ) => {
        const api = await client(cmd);
        const params = new URLSearchParams();
        if (opts.container) params.set('container', opts.container);
        if (opts.follow) params.set('follow', 'true');
        if (opts.tail) params.set('tailLines', opts.tail);
        if (opts.previous) params.set('previous', 'true');
        if (opts.timestamps) params.set('timestamps', 'true');
        const stream = await api.stream(`/api/v1/namespaces/${api.target.namespace}/pods/${encodeURIComponent(pod)}/log?${params}`);
        for await (const chunk of stream) process.stdout.write(chunk);
      },
    );

  program
    .command('exec')
    .description('run a command in a running container: stevedore exec POD -- CMD…')
    .argument('<pod>')
    .argument('<command...>')
    .option('-c, --container <name>', 'container (default: the first)')
    .option('-i, --stdin', 'pass stdin to the command')
    .action(async (pod: string, command: string[], opts: { container?: string; stdin?: boolean }, cmd: Command) => {
      const api = await client(cmd);
      const params = new URLSearchParams({ stdout: 'true', stderr: 'true' });
      for (const arg of command) params.append('command', arg);
      if (opts.container) params.set('container', opts.container);
      if (opts.stdin) params.set('stdin', 'true');
      process.exitCode = await runExec(
        api,
        `/api/v1/namespaces/${api.target.namespace}/pods/${encodeURIComponent(pod)}/exec?${params}`,
        !!opts.stdin,
      );
    });
}

/** Bridges the exec WebSocket to this process's stdio; resolves with the command's exit code. */
function runExec(api: ApiClient, urlPath: string, stdin: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = api.execSocket(urlPath);
    let code = 0;
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => reject(new Error(safeMessage(body) ?? `exec failed with HTTP ${res.statusCode}`)));
    });
    ws.on('open', () => {
      if (!stdin) return;
      process.stdin.on('data', (d: Buffer) => ws.send(Buffer.concat([Buffer.from([0]), d])));
      process.stdin.on('end', () => ws.send(Buffer.from([255, 0])));
    });
    ws.on('message', (message: Buffer) => {
      const channel = message[0];
      const data = message.subarray(1);
      if (channel === 1) process.stdout.write(data);
      else if (channel === 2) process.stderr.write(data);
      else if (channel === 3) code = exitCodeOf(data.toString());
    });
    ws.on('close', () => {
      process.stdin.pause();
      resolve(code);
    });
    ws.on('error', reject);
  });
}

function exitCodeOf(statusJson: string): number {
  const status = JSON.parse(statusJson) as {
    status: string;
    message?: string;
    details?: { causes?: { reason: string; message: string }[] };
  };
  if (status.status === 'Success') return 0;
  const exit = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  if (exit) return Number(exit.message);
  process.stderr.write(`error: ${status.message}\n`);
  return 1;
}

function safeMessage(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { message?: string }).message;
  } catch {
    return undefined;
  }
}
