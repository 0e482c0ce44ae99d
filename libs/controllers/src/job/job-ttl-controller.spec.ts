import { jobs as JOBS, namespaces, pods as PODS } from '@stevedore/api';
import { ObjectRegistry } from '@stevedore/apiserver';
import { MemoryStore } from '@stevedore/store';
import { GarbageCollector } from '../runtime/garbage-collector';
import { Informer } from '../runtime/informer';
import { JobTtlController } from './job-ttl-controller';

const until = async <T>(check: () => T | undefined, ms = 5000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
const seconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const podTemplate = { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } };

/** A Job that finished `finishedAgoMs` ago with the given TTL, and one pod of it. */
async function start(ttlSecondsAfterFinished: number, finishedAgoMs: number) {
  const store = new MemoryStore();
  const registry = new ObjectRegistry(store);
  await registry.create(namespaces, undefined, { metadata: { name: 'default' } });
  const { object: job } = await registry.create(JOBS, 'default', {
    metadata: { name: 'done' },
    spec: { ttlSecondsAfterFinished, template: podTemplate },
  });
  const finished = seconds(Date.now() - finishedAgoMs);
  const conditions = [{ type: 'Complete', status: 'True', lastProbeTime: finished, lastTransitionTime: finished }];
  await registry.patch(JOBS, 'default', 'done', 'merge', { status: { conditions, completionTime: finished } }, { subresource: 'status' });
  const ownerReferences = [{ apiVersion: 'batch/v1', kind: 'Job', name: 'done', uid: job.metadata.uid!, controller: true }];
  await registry.create(PODS, 'default', { metadata: { name: 'done-abc', ownerReferences }, spec: podTemplate.spec });
  const informers = [new Informer(store, JOBS), new Informer(store, PODS)] as const;
  await Promise.all(informers.map((i) => i.start()));
  const [jobs, pods] = informers;
  const gc = new GarbageCollector(registry, [{ dependents: pods, owners: { Job: jobs } }]);
  const controller = new JobTtlController(registry, jobs);
  const stop = () => {
    controller.stop();
    gc.stop();
    for (const i of informers) i.stop();
  };
  return { jobs, pods, stop };
}

describe('JobTtlController', () => {
  it('deletes a Job whose TTL after finishing has passed, and the collector takes its pods', async () => {
    const { jobs, pods, stop } = await start(1, 5000);
    try {
      await until(() => !jobs.get('default', 'done') || undefined);
      await until(() => !pods.get('default', 'done-abc') || undefined);
    } finally {
      stop();
    }
  });

  it('keeps the Job until the TTL has passed, then deletes it without other news', async () => {
    // Finished now (recorded to the second, so up to a second earlier): expires 1 to 2 s from now.
    const { jobs, stop } = await start(2, 0);
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(jobs.get('default', 'done')).toBeDefined();
      await until(() => !jobs.get('default', 'done') || undefined, 4000);
    } finally {
      stop();
    }
  });
});
