// What most kubectl suites start with: a registry holding the test images, and an all-in-one
// cluster allowed to pull from it over plain HTTP.

import { pushTestImages, type RunningRegistry, startRegistry, type TestImages } from '@stevedore/testing';
import { promises as fs } from 'fs';
import * as path from 'path';
import { type ClusterProcess, startCluster } from './cluster-process';

export interface ClusterWithImages {
  registry: RunningRegistry;
  images: TestImages;
  cluster: ClusterProcess;
}

export async function startClusterWithImages(extraArgs?: string[]): Promise<ClusterWithImages> {
  const registry = await startRegistry();
  const images = await pushTestImages(registry);
  const cluster = await startCluster({ insecureRegistry: registry.host, extraArgs }).catch(async (err) => {
    await registry.stop();
    throw err;
  });
  return { registry, images, cluster };
}

/** Force-deletes every pod, removes the cluster and stops the registry; returns the cgroups left behind (none, when clean). */
export async function stopClusterWithImages(setup: ClusterWithImages | undefined): Promise<string[]> {
  if (!setup) return [];
  try {
    await setup.cluster.kubectl('delete', 'pods', '--all', '-A', '--grace-period=0', '--force', '--wait=false');
    const { leftoverCgroups } = await setup.cluster.destroy();
    return leftoverCgroups;
  } finally {
    // Even when the cluster's removal failed: a registry left running would keep jest from exiting.
    await setup.registry.stop();
  }
}

/** Writes a manifest (YAML, or JSON, which is YAML too) into the cluster's data dir and applies it with kubectl. */
export async function applyManifest(
  cluster: ClusterProcess,
  name: string,
  text: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = path.join(cluster.dataDir, 'manifests');
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.yaml`);
  await fs.writeFile(file, text);
  return cluster.kubectl('apply', '-f', file);
}

/** A describe block's cluster, with the few calls every kubectl suite makes. */
export interface SuiteCluster {
  readonly cluster: ClusterProcess;
  readonly images: TestImages;
  kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  apply(name: string, yaml: string): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Expects the command to exit 0 with nothing on stderr (no warnings either). */
  succeeds(run: Promise<{ code: number; stderr: string }>): Promise<void>;
}

/**
 * Starts a cluster with the test images before the enclosing describe block's tests and removes
 * it after them, checking nothing was left behind. Call it at the top of the block.
 */
export function clusterForSuite(extraArgs?: string[]): SuiteCluster {
  let setup: ClusterWithImages | undefined;
  beforeAll(async () => {
    setup = await startClusterWithImages(extraArgs);
  });
  afterAll(async () => expect(await stopClusterWithImages(setup)).toEqual([]));
  const started = () => {
    if (!setup) throw new Error('the suite cluster is not up (did beforeAll fail?)');
    return setup;
  };
  return {
    get cluster() {
      return started().cluster;
    },
    get images() {
      return started().images;
    },
    kubectl: (...args) => started().cluster.kubectl(...args),
    apply: (name, yaml) => applyManifest(started().cluster, name, yaml),
    async succeeds(run) {
      const { code, stderr } = await run;
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    },
  };
}
