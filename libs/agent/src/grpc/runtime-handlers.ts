// gRPC RuntimeService: convert, call the node services and the runtime, map errors.
import type * as grpc from '@grpc/grpc-js';
import type { ExecInput, ExecOutput, RuntimeServiceHandlers } from '@stevedore/proto';
import type { ExecSession } from '@stevedore/runtime';
import type { ContainerWithSize, NodeServices } from '../node-services';
import { toGrpcError, unary } from './errors';
import { imageSummaryMessage } from './image-handlers';

const iso = (d?: Date) => d?.toISOString() ?? '';

function summary(c: ContainerWithSize) {
  return {
    id: c.id,
    name: c.name,
    image: c.image.ref,
    imageId: c.image.id,
    command: c.command,
    state: c.state,
    createdAt: iso(c.createdAt),
    startedAt: iso(c.startedAt),
    finishedAt: iso(c.finishedAt),
    exitCode: c.exitCode ?? 0,
    oomKilled: c.oomKilled ?? false,
    pid: c.pid ?? 0,
    restartCount: c.restartCount,
    sizeRw: c.sizeRw ?? 0,
    sizeRootFs: c.sizeRootFs ?? 0,
    labels: c.labels,
  };
}

export function runtimeHandlers(
  node: NodeServices,
  version: { version: string; runtimeName: string; runtimeVersion: string; cgroupLayout: string },
): RuntimeServiceHandlers {
  const rt = node.runtime;
  return {
    Version: unary(async () => version),
    CreateContainer: unary(async (r) =>
      summary(
        await node.createContainer({
          name: r.name,
          image: r.image ?? '',
          command: r.command,
          entrypoint: r.entrypointSet ? r.entrypoint : undefined,
          env: r.env,
          workingDir: r.workingDir,
          user: r.user,
          hostname: r.hostname || undefined,
          labels: r.labels,
          resources: {
            memoryBytes: Number(r.memoryBytes) || undefined,
            cpuQuota: Number(r.cpuQuota) || undefined,
            cpuPeriod: Number(r.cpuPeriod) || undefined,
            pidsLimit: Number(r.pidsLimit) || undefined,
          },
          mounts: (r.mounts ?? []).map((m) => ({
            source: m.source ?? '',
            destination: m.destination ?? '',
            readOnly: m.readOnly,
            type: m.type === 'tmpfs' ? ('tmpfs' as const) : ('bind' as const),
          })),
        }),
      ),
    ),
    StartContainer: unary(async (r) => (await rt.start(r.container ?? ''), {})),
    StopContainer: unary(async (r) => (await rt.stop(r.container ?? '', r.timeoutSeconds ?? 10), {})),
    KillContainer: unary(async (r) => (await rt.kill(r.container ?? '', r.signal || 'SIGKILL'), {})),
    RestartContainer: unary(async (r) => (await rt.restart(r.container ?? '', r.timeoutSeconds ?? 10), {})),
    RemoveContainer: unary(async (r) => (await rt.remove(r.container ?? '', { force: r.force }), {})),
    ListContainers: unary(async (r) => ({ containers: (await node.listContainers({ all: r.all, size: r.size })).map(summary) })),
    InspectContainer: unary(async (r) => ({ json: JSON.stringify(await rt.inspect(r.container ?? ''), null, 2) })),
    ContainerStats: unary(async (r) => {
      const s = await rt.stats(r.container ?? '');
      return { ...s, memoryLimitBytes: s.memoryLimitBytes ?? 0 };
    }),
    CommitContainer: unary(async (r) => {
      const record = await node.commit(r.container ?? '', { reference: r.reference, author: r.author, message: r.message, cmd: r.cmd });
      return imageSummaryMessage(node.images.list().find((i) => i.id === record.id)!);
    }),
    Logs: (call) => {
      let sub: { unsubscribe(): void } | undefined;
      try {
        sub = rt
          .logs(call.request.container ?? '', {
            follow: call.request.follow,
            tail: call.request.tail || undefined,
            timestamps: call.request.timestamps,
          })
          .subscribe({
            next: (e) => call.write({ time: e.time.toISOString(), stream: e.stream, line: e.line }),
            error: (err) => call.emit('error', toGrpcError(err)),
            complete: () => call.end(),
          });
      } catch (err) {
        call.emit('error', toGrpcError(err));
      }
      call.on('cancelled', () => sub?.unsubscribe());
    },
    Exec: (call) => handleExec(node, call as unknown as grpc.ServerDuplexStream<ExecInput, ExecOutput>),
  };
}

function handleExec(node: NodeServices, call: grpc.ServerDuplexStream<ExecInput, ExecOutput>): void {
  let session: ExecSession | undefined;
  let pending: Promise<void> | undefined;
  call.on('data', (input: ExecInput) => {
    if (!pending) {
      pending = node.runtime
        .exec(input.container, { args: input.command, env: input.env, cwd: input.workingDir || undefined, stdin: input.attachStdin })
        .then((s) => {
          session = s;
          s.stdout.on('data', (d: Buffer) => call.write({ stdout: d, stderr: Buffer.alloc(0), exited: false, exitCode: 0 }));
          s.stderr.on('data', (d: Buffer) => call.write({ stdout: Buffer.alloc(0), stderr: d, exited: false, exitCode: 0 }));
          return s.exitCode.then((code) => {
            call.write({ stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exited: true, exitCode: code });
            call.end();
          });
        })
        .catch((err) => {
          call.emit('error', toGrpcError(err));
        });
      return;
    }
    void pending.then(() => {
      if (input.stdin?.length) session?.stdin?.write(input.stdin);
      if (input.closeStdin) session?.stdin?.end();
    });
  });
  call.on('end', () => void pending?.then(() => session?.stdin?.end()));
}
