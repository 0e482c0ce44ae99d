import * as grpc from '@grpc/grpc-js';
import type {
  ContainerSummary,
  ExecOutput,
  ImageSummary,
  InspectResponse,
  ListContainersResponse,
  LogLine,
  StatsResponse,
} from '@stevedore/proto';
import { type Command, Option } from 'commander';
import { humanSize, parseMemory } from '../format/human';
import { containersTable } from '../format/listings';
import { CliError, connect } from './client';

type Ctx = () => { dataDir: string };
const collect = (v: string, prev: string[]) => [...prev, v];

interface CreateFlags {
  name?: string;
  memory?: string;
  cpus?: string;
  pidsLimit?: string;
  env: string[];
  workdir?: string;
  user?: string;
  entrypoint?: string;
  hostname?: string;
  volume: string[];
}

function createRequest(image: string, command: string[], f: CreateFlags) {
  const cpus = f.cpus === undefined ? undefined : Number(f.cpus);
  if (cpus !== undefined && !(cpus > 0)) throw new CliError(`invalid --cpus "${f.cpus}": must be a positive number`);
  const pids = f.pidsLimit === undefined ? undefined : Number(f.pidsLimit);
  if (pids !== undefined && !(Number.isInteger(pids) && pids > 0))
    throw new CliError(`invalid --pids-limit "${f.pidsLimit}": must be a positive integer`);
  const mounts = f.volume.map((v) => {
    const [source, destination, mode] = v.split(':');
    if (!source?.startsWith('/') || !destination) throw new CliError(`invalid volume "${v}": use /host/path:/container/path[:ro]`);
    return { source, destination, readOnly: mode === 'ro', type: 'bind' };
  });
  return {
    name: f.name ?? '',
    image,
    command,
    entrypoint: f.entrypoint !== undefined ? (f.entrypoint ? [f.entrypoint] : []) : [],
    entrypointSet: f.entrypoint !== undefined,
    env: f.env,
    workingDir: f.workdir ?? '',
    user: f.user ?? '',
    hostname: f.hostname ?? '',
    memoryBytes: f.memory ? parseMemory(f.memory) : 0,
    cpuQuota: cpus ? Math.round(cpus * 100000) : 0,
    cpuPeriod: cpus ? 100000 : 0,
    pidsLimit: pids ?? 0,
    labels: {},
    mounts,
  };
}

function withCreateFlags(cmd: Command): Command {
  return (
    cmd
      .option('--name <name>', 'container name')
      .option('-m, --memory <bytes>', 'memory limit, e.g. 64m')
      .option('--cpus <n>', 'CPU limit, e.g. 0.5')
      .option('--pids-limit <n>', 'process limit')
      .option('-e, --env <KEY=VALUE>', 'environment variable', collect, [])
      .option('-w, --workdir <dir>', 'working directory')
      .option('-u, --user <user>', 'user[:group]')
      .option('--entrypoint <cmd>', 'replace the image entrypoint')
      .option('--hostname <name>', 'hostname')
      .option('-v, --volume <src:dst[:ro]>', 'bind mount', collect, [])
      // Like docker: everything after IMAGE belongs to the container's command, flags included.
      .passThroughOptions()
  );
}

export function registerContainerCommands(node: Command, ctx: Ctx): void {
  withCreateFlags(node.command('create <image> [command...]').description('create a container from an image')).action(
    async (image: string, command: string[], f: CreateFlags) => {
      const client = connect(ctx().dataDir);
      const c = await client.request<ContainerSummary>('runtime', 'CreateContainer', createRequest(image, command, f), 600000);
      process.stdout.write(`${c.id}\n`);
    },
  );
  withCreateFlags(
    node.command('run <image> [command...]').description('create and start a container').option('-d, --detach', 'print the ID and return'),
  ).action(async (image: string, command: string[], f: CreateFlags & { detach?: boolean }) => {
    const client = connect(ctx().dataDir);
    const c = await client.request<ContainerSummary>('runtime', 'CreateContainer', createRequest(image, command, f), 600000);
    await client.request('runtime', 'StartContainer', { container: c.id });
    if (f.detach) return void process.stdout.write(`${c.id}\n`);
    await printLogs(client, c.id, { follow: true, tail: 0, timestamps: false });
    const info = JSON.parse((await client.request<InspectResponse>('runtime', 'InspectContainer', { container: c.id })).json) as {
      exitCode?: number;
    };
    process.exitCode = info.exitCode ?? 0;
  });
  node
    .command('start <containers...>')
    .description('start containers')
    .action(async (names: string[]) => {
      const client = connect(ctx().dataDir);
      for (const container of names)
        await client.request('runtime', 'StartContainer', { container }).then(() => process.stdout.write(`${container}\n`));
    });
  node
    .command('stop <containers...>')
    .description('stop containers (SIGTERM, then SIGKILL after the timeout)')
    .addOption(new Option('-t, --time <seconds>', 'grace period').default('10'))
    .action(async (names: string[], o: { time: string }) => {
      const client = connect(ctx().dataDir);
      for (const container of names) {
        await client.request('runtime', 'StopContainer', { container, timeoutSeconds: Number(o.time) }, (Number(o.time) + 30) * 1000);
        process.stdout.write(`${container}\n`);
      }
    });
  node
    .command('restart <containers...>')
    .description('restart containers')
    .addOption(new Option('-t, --time <seconds>', 'grace period').default('10'))
    .action(async (names: string[], o: { time: string }) => {
      const client = connect(ctx().dataDir);
      for (const container of names)
        await client.request('runtime', 'RestartContainer', { container, timeoutSeconds: Number(o.time) }, (Number(o.time) + 30) * 1000);
    });
  node
    .command('kill <containers...>')
    .description('send a signal')
    .addOption(new Option('-s, --signal <signal>', 'signal').default('KILL'))
    .action(async (names: string[], o: { signal: string }) => {
      const client = connect(ctx().dataDir);
      for (const container of names) await client.request('runtime', 'KillContainer', { container, signal: o.signal });
    });
  node
    .command('rm <containers...>')
    .description('remove containers (their writable layer goes; the image stays)')
    .option('-f, --force', 'kill it first if running')
    .action(async (names: string[], o: { force?: boolean }) => {
      const client = connect(ctx().dataDir);
      for (const container of names) {
        await client.request('runtime', 'RemoveContainer', { container, force: !!o.force });
        process.stdout.write(`${container}\n`);
      }
    });
  node
    .command('ps')
    .description('list containers')
    .option('-a, --all', 'include stopped ones')
    .option('-s, --size', 'show sizes')
    .option('-o, --output <format>', 'json')
    .action(async (o: { all?: boolean; size?: boolean; output?: string }) => {
      const client = connect(ctx().dataDir);
      const { containers } = await client.request<ListContainersResponse>('runtime', 'ListContainers', { all: !!o.all, size: !!o.size });
      process.stdout.write(o.output === 'json' ? `${JSON.stringify(containers, null, 2)}\n` : containersTable(containers, !!o.size));
    });
  node
    .command('inspect <name>')
    .description('show a container or an image as JSON')
    .action(async (name: string) => {
      const client = connect(ctx().dataDir);
      // Not a container, so maybe an image; any other failure (an ambiguous id, the agent unreachable) is the answer.
      const res = await client
        .request<InspectResponse>('runtime', 'InspectContainer', { container: name })
        .catch((err: grpc.ServiceError) => {
          if (err.code !== grpc.status.NOT_FOUND) throw err;
          return client.request<InspectResponse>('images', 'InspectImage', { image: name });
        });
      process.stdout.write(`${res.json}\n`);
    });
  node
    .command('logs <container>')
    .description("print a container's output")
    .option('-f, --follow', 'keep streaming')
    .option('-n, --tail <lines>', 'only the last lines')
    .option('-t, --timestamps', 'show times')
    .action(async (container: string, o: { follow?: boolean; tail?: string; timestamps?: boolean }) => {
      await printLogs(connect(ctx().dataDir), container, { follow: !!o.follow, tail: Number(o.tail ?? 0), timestamps: !!o.timestamps });
    });
  node
    .command('exec <container> <command...>')
    .description('run a command in a running container')
    .option('-i, --interactive', 'pass stdin')
    .passThroughOptions()
    .action(async (container: string, command: string[], o: { interactive?: boolean }) => {
      process.exitCode = await exec(connect(ctx().dataDir), container, command, !!o.interactive);
    });
  node
    .command('stats <container>')
    .description('CPU, memory and process usage from cgroups')
    .action(async (container: string) => {
      const s = await connect(ctx().dataDir).request<StatsResponse>('runtime', 'ContainerStats', { container });
      process.stdout.write(
        `CPU ${(Number(s.cpuUsageNanos) / 1e9).toFixed(2)}s   MEM ${humanSize(Number(s.memoryWorkingSetBytes))} / ${s.memoryLimitBytes ? humanSize(Number(s.memoryLimitBytes)) : 'unlimited'}   PIDS ${s.pids}\n`,
      );
    });
  node
    .command('commit <container> [reference]')
    .description("make an image from a container's writable layer")
    .option('-a, --author <author>')
    .option('-m, --message <message>')
    .action(async (container: string, reference: string | undefined, o: { author?: string; message?: string }) => {
      const img = await connect(ctx().dataDir).request<ImageSummary>(
        'runtime',
        'CommitContainer',
        { container, reference: reference ?? '', author: o.author ?? '', message: o.message ?? '' },
        600000,
      );
      process.stdout.write(`${img.id}\n`);
    });
}

function printLogs(
  client: ReturnType<typeof connect>,
  container: string,
  req: { follow: boolean; tail: number; timestamps: boolean },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = client.runtime.Logs({ container, ...req });
    stream.on('data', (l: LogLine) =>
      (l.stream === 'stderr' ? process.stderr : process.stdout).write(`${req.timestamps ? `${l.time} ` : ''}${l.line}\n`),
    );
    stream.on('error', reject);
    stream.on('end', resolve);
  });
}

function exec(client: ReturnType<typeof connect>, container: string, command: string[], interactive: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = client.runtime.Exec();
    let code = 1;
    call.on('data', (o: ExecOutput) => {
      if (o.stdout.length) process.stdout.write(o.stdout);
      if (o.stderr.length) process.stderr.write(o.stderr);
      if (o.exited) code = o.exitCode;
    });
    call.on('error', reject);
    call.on('end', () => resolve(code));
    call.write({ container, command, env: [], workingDir: '', attachStdin: interactive });
    if (interactive) {
      process.stdin.on('data', (d: Buffer) => call.write({ stdin: d }));
      process.stdin.on('end', () => call.write({ closeStdin: true }));
    } else {
      call.end();
    }
  });
}
