// The image the examples and the README run: on `up`'s first start with its own registry, built
// from examples/images/busybox (the host's busybox-static, Debian's package) and pushed there as
// library/busybox, so `image: busybox` works on a machine without the internet.

import { pathExists } from '@stevedore/files';
import type { Logger } from '@stevedore/log';
import type { RunningAgent } from '@stevedore/node-agent';
import { promises as fs } from 'fs';
import * as http from 'http';
import * as path from 'path';

const HOST_BUSYBOX = '/bin/busybox';

/** examples/images/busybox of this checkout, found from this file in the source tree or in dist/. */
async function recipeDir(): Promise<string | undefined> {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'examples', 'images', 'busybox');
    if (await pathExists(path.join(candidate, 'Dockerfile'))) return candidate;
  }
  return undefined;
}

function hasManifest(registry: string, repository: string, tag: string): Promise<boolean> {
  const accept = 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';
  return new Promise((resolve) => {
    const req = http.request(
      `http://${registry}/v2/${repository}/manifests/${tag}`,
      { method: 'HEAD', headers: { Accept: accept } },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Builds and pushes library/busybox:latest and :1 unless the registry has them; never fails `up` (it says why instead). */
export async function ensureBusyboxImage(agent: RunningAgent, registry: string, dataDir: string, log: Logger): Promise<void> {
  if (await hasManifest(registry, 'library/busybox', 'latest')) return;
  const recipe = await recipeDir();
  if (!recipe || !(await pathExists(HOST_BUSYBOX))) {
    log.warn(`no busybox image in ${registry}: ${recipe ? HOST_BUSYBOX : 'examples/images/busybox'} is missing`);
    return;
  }
  const context = path.join(dataDir, 'busybox-context');
  try {
    await fs.rm(context, { recursive: true, force: true });
    await fs.cp(recipe, context, { recursive: true });
    await fs.copyFile(HOST_BUSYBOX, path.join(context, 'busybox'));
    const tags = [`${registry}/library/busybox:latest`, `${registry}/library/busybox:1`];
    await agent.builder.build({ contextDir: context, tags }, (text) => log.debug(text.trimEnd()));
    for (const tag of tags) await agent.node.images.push(tag);
    log.info(`built the busybox image from ${HOST_BUSYBOX} into ${registry} (library/busybox:latest and :1)`);
  } catch (err) {
    log.warn(`could not build the busybox image into ${registry}; image: busybox will be pulled from Docker Hub`, { err });
  } finally {
    await fs.rm(context, { recursive: true, force: true });
  }
}
