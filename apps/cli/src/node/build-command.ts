// `stevedore node build`: like `docker build`, but the node agent reads the context directory
// itself (the CLI and the agent share the host), streams the steps back, and with --push the
// result is pushed as `node push` does.
import type { BuildEvent } from '@stevedore/proto';
import type { Command } from 'commander';
import * as path from 'path';
import { CliError, connect } from './client';
import { streamProgress } from './image-commands';

type Ctx = () => { dataDir: string };
const collect = (v: string, prev: string[]) => [...prev, v];

interface BuildFlags {
  tag: string[];
  file?: string;
  buildArg: string[];
  target?: string;
  push?: boolean;
  noCache?: boolean;
}

/** --build-arg K=V, or K alone to take the value from this shell's environment (as Docker does). */
export function parseBuildArgs(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of args) {
    const i = a.indexOf('=');
    const key = i < 0 ? a : a.slice(0, i);
    if (!key) throw new CliError(`invalid --build-arg "${a}": use KEY=VALUE`);
    const value = i < 0 ? process.env[key] : a.slice(i + 1);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

export function registerBuildCommand(node: Command, ctx: Ctx): void {
  node
    .command('build <context>')
    .description('build an image from a Dockerfile')
    .option('-t, --tag <name:tag>', 'name the image (repeatable)', collect, [] as string[])
    .option('-f, --file <path>', 'the Dockerfile (default: CONTEXT/Dockerfile)')
    .option('--build-arg <key=value>', 'set a build-time variable (repeatable)', collect, [])
    .option('--target <stage>', 'build up to this stage')
    .option('--push', 'push the image to its registry after building')
    .option('--no-cache', 'run every step, ignoring the layer cache')
    .action(async (contextArg: string, f: BuildFlags & { cache?: boolean }) => {
      if (f.push && !f.tag.length) throw new CliError('--push needs a name: give one with -t NAME[:TAG]');
      const client = connect(ctx().dataDir);
      const request = {
        contextDir: path.resolve(contextArg),
        dockerfile: f.file ? path.resolve(f.file) : '',
        tags: f.tag,
        buildArgs: parseBuildArgs(f.buildArg),
        target: f.target ?? '',
        noCache: f.cache === false,
      };
      const result = await new Promise<BuildEvent>((resolve, reject) => {
        let last: BuildEvent | undefined;
        const stream = client.builds.Build(request);
        stream.on('data', (e: BuildEvent) => {
          if (e.stream) process.stdout.write(e.stream);
          if (e.imageId || e.error) last = e;
        });
        stream.on('error', reject);
        stream.on('end', () => (last ? resolve(last) : reject(new CliError('the build ended without a result'))));
      });
      if (result.error) {
        process.stderr.write(`${result.error}\n`);
        process.exitCode = result.exitCode || 1;
        return;
      }
      for (const image of f.push ? f.tag : []) {
        const digest = await streamProgress(client.images.PushImage({ image }));
        process.stdout.write(`Pushed ${image}: digest: ${digest}\n`);
      }
    });
}
