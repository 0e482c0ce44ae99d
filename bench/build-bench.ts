// Image builds on a standalone agent: a full build (--no-cache) of a Dockerfile with two RUNs and
// two COPYs, next to a rebuild after one file in its last COPY changed, in the same run. The
// rebuild should cost the last COPY and the config steps after it, not the RUNs.
import { AgentClient } from '@stevedore/agent';
import { silentLogger } from '@stevedore/log';
import { startAgent } from '@stevedore/node-agent';
import type { BuildEvent } from '@stevedore/proto';
import { makeTempDir, type TestImages } from '@stevedore/testing';
import { promises as fs } from 'fs';
import * as path from 'path';
import { removeCgroupParent } from './cleanup';
import { cleanupOnInterrupt } from './interrupt';
import { summarize, timed } from './stats';

async function writeContext(dir: string, base: string): Promise<void> {
  await fs.mkdir(path.join(dir, 'data'), { recursive: true });
  // 100 files of 16 KiB for the first COPY.
  for (let i = 0; i < 100; i++) await fs.writeFile(path.join(dir, 'data', `f${i}.bin`), Buffer.alloc(16384, i));
  await fs.writeFile(path.join(dir, 'app.txt'), 'version 0\n');
  await fs.writeFile(
    path.join(dir, 'Dockerfile'),
    `FROM ${base}
RUN for i in $(seq 1 100); do echo $i > /tmp/n$i; done
COPY data/ /data/
RUN cat /data/* | wc -c > /data-size
ENV APP=/app/app.txt
COPY app.txt /app/app.txt
CMD ["cat", "/app/app.txt"]
`,
  );
}

function build(client: AgentClient, contextDir: string, noCache: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let result: BuildEvent | undefined;
    client.builds
      .Build({ contextDir, tags: ['bench/build:latest'], noCache })
      .on('data', (e: BuildEvent) => {
        if (e.imageId || e.error) result = e;
      })
      .on('error', reject)
      .on('end', () =>
        result?.imageId ? resolve(result.imageId) : reject(new Error(result?.error ?? 'the build ended without a result')),
      );
  });
}

export async function measureBuild(images: TestImages, iterations: number) {
  const dir = await makeTempDir('bench-build');
  const cgroupParent = `stevedore-bench-build-${process.pid}`;
  const agent = await startAgent({ dataDir: path.join(dir, 'agent'), insecureRegistries: [], cgroupParent, log: silentLogger });
  const client = new AgentClient(agent.socketPath);
  const cleanup = async () => {
    client.close();
    await agent.close();
    await removeCgroupParent(cgroupParent);
    await fs.rm(dir, { recursive: true, force: true });
  };
  const release = cleanupOnInterrupt(cleanup);
  try {
    const context = path.join(dir, 'context');
    await writeContext(context, images.busybox);
    await build(client, context, true); // pulls the base image, warms the cache
    const full: number[] = [];
    const rebuild: number[] = [];
    for (let i = 1; i <= iterations; i++) {
      full.push((await timed(() => build(client, context, true)))[0]);
      await fs.writeFile(path.join(context, 'app.txt'), `version ${i}\n`);
      rebuild.push((await timed(() => build(client, context, false)))[0]);
    }
    const fullSummary = summarize(full);
    const rebuildSummary = summarize(rebuild);
    return {
      full: fullSummary,
      oneFileChanged: rebuildSummary,
      ratioP50: Math.round((rebuildSummary.p50Ms / fullSummary.p50Ms) * 100) / 100,
    };
  } finally {
    release();
    await cleanup();
  }
}
