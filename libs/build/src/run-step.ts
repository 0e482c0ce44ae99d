// RUN: the command runs in a container of the stage's image, made by the node's own runtime
// (overlay snapshot, runc under conmon) in the host's network namespace, and its writable layer
// becomes the step's layer. The container is always removed, whether the command failed or not.
import type { ContainerRuntime } from '@stevedore/runtime';
import { randomBytes } from 'crypto';
import { lastValueFrom, tap } from 'rxjs';

export const BUILD_LABEL = 'io.stevedore.build';

export interface RunSpec {
  imageId: string;
  lowerDirs: string[];
  args: string[];
  env: string[];
  cwd: string;
  user?: string;
}

export interface RunContainer {
  id: string;
  exitCode: number;
  upperDir: string;
  remove(): Promise<void>;
}

/** Runs the command to its end, streaming its output; the caller commits and then removes the container. */
export async function runStep(
  runtime: ContainerRuntime,
  spec: RunSpec,
  out: (text: string) => void,
  onCreated: (id: string) => void,
  signal?: AbortSignal,
): Promise<RunContainer> {
  if (!spec.lowerDirs.length) throw new Error('RUN needs a filesystem with a shell: the image has no layers yet (FROM scratch)');
  const created = await runtime.create({
    name: `build-${randomBytes(6).toString('hex')}`,
    image: { ref: 'stevedore-build', id: spec.imageId },
    rootfs: { lowerDirs: spec.lowerDirs },
    process: { args: spec.args, env: spec.env, cwd: spec.cwd, user: spec.user || undefined },
    netns: 'host',
    labels: { [BUILD_LABEL]: 'true' },
  });
  onCreated(created.id);
  const remove = () => runtime.remove(created.id, { force: true });
  try {
    out(` ---> Running in ${created.id.slice(0, 12)}\n`);
    await runtime.start(created.id);
    // A cancelled build stops its command at once; the exit ends the log stream below.
    const kill = () => void runtime.kill(created.id, 'SIGKILL').catch(() => undefined);
    signal?.addEventListener('abort', kill, { once: true });
    await lastValueFrom(runtime.logs(created.id, { follow: true }).pipe(tap((e) => out(`${e.line}\n`))), { defaultValue: undefined });
    signal?.removeEventListener('abort', kill);
    if (signal?.aborted) throw new Error('the build was cancelled');
    const info = await runtime.inspect(created.id);
    return { id: created.id, exitCode: info.exitCode ?? 1, upperDir: info.upperDir, remove };
  } catch (err) {
    await remove();
    throw err;
  }
}
