// Keeps each APIService's Available condition: Local ones are always available; an aggregated
// one is available once its Service resolves to a ready endpoint and that endpoint answers the
// group-version's discovery document. Checked again on every change to APIServices, Services
// and Endpoints, and periodically, so a backend that stops answering turns Available False.
import { type APIService, type APIServiceCondition, apiServices, type Endpoints, isNotFound, type Service } from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import type { Informer } from '../runtime/informer';
import { WorkQueue } from '../runtime/work-queue';
import { type Backend, resolveBackend } from './apiservice-backend';

/** Asks the backend for `/apis/GROUP/VERSION`; rejects with what went wrong. */
export type DiscoveryCheck = (api: APIService, backend: Backend) => Promise<void>;

export interface AvailabilityOptions {
  /** How often an aggregated APIService is checked again without any change. */
  recheckMs: number;
}

export class APIServiceAvailabilityController {
  private readonly log = logger('apiservice-availability');
  readonly queue = new WorkQueue((name) => this.reconcile(name), this.log, 2);

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly informers: { apiServices: Informer<APIService>; services: Informer<Service>; endpoints: Informer<Endpoints> },
    private readonly check: DiscoveryCheck,
    private readonly options: AvailabilityOptions = { recheckMs: 10_000 },
  ) {
    informers.apiServices.events.subscribe((e) => this.queue.add(e.object.metadata.name ?? ''));
    // A Service or its Endpoints changing affects the APIServices that name it.
    const touched = (o: { metadata: { namespace?: string; name?: string } }) => this.enqueueFor(o.metadata.namespace, o.metadata.name);
    informers.services.events.subscribe((e) => touched(e.object));
    informers.endpoints.events.subscribe((e) => touched(e.object));
    for (const api of informers.apiServices.list()) this.queue.add(api.metadata.name ?? '');
  }

  stop(): void {
    this.queue.stop();
  }

  private enqueueFor(namespace: string | undefined, name: string | undefined): void {
    for (const api of this.informers.apiServices.list()) {
      const s = api.spec?.service;
      if (s && s.namespace === namespace && s.name === name) this.queue.add(api.metadata.name ?? '');
    }
  }

  private async reconcile(name: string): Promise<undefined | { requeueAfterMs: number }> {
    const api = this.informers.apiServices.get(undefined, name);
    if (!api) return;
    const condition = await this.availability(api);
    await this.write(api, condition);
    return api.spec?.service ? { requeueAfterMs: this.options.recheckMs } : undefined;
  }

  private async availability(api: APIService): Promise<Omit<APIServiceCondition, 'type' | 'lastTransitionTime'>> {
    const lookup = {
      service: (ns: string, n: string) => this.informers.services.get(ns, n),
      endpoints: (ns: string, n: string) => this.informers.endpoints.get(ns, n),
    };
    const resolved = resolveBackend(api, lookup);
    if (!('backend' in resolved)) return { status: resolved.reason === 'Local' ? 'True' : 'False', ...resolved };
    try {
      await this.check(api, resolved.backend);
      return { status: 'True', reason: 'Passed', message: 'all checks passed' };
    } catch (err) {
      return { status: 'False', reason: 'FailedDiscoveryCheck', message: (err as Error).message };
    }
  }

  private async write(api: APIService, next: Omit<APIServiceCondition, 'type' | 'lastTransitionTime'>): Promise<void> {
    const old = api.status?.conditions?.find((c) => c.type === 'Available');
    if (old && old.status === next.status && old.reason === next.reason && old.message === next.message) return;
    const name = api.metadata.name ?? '';
    // Local ones turn True at every start: only changes of aggregated ones are news.
    if (api.spec?.service && old?.status !== next.status)
      this.log.info(`apiservice ${name} Available=${next.status}`, { reason: next.reason });
    const lastTransitionTime = old && old.status === next.status ? old.lastTransitionTime : new Date().toISOString();
    const conditions = [
      ...(api.status?.conditions ?? []).filter((c) => c.type !== 'Available'),
      { type: 'Available', ...next, lastTransitionTime },
    ];
    const patch = { status: { conditions } };
    await this.registry.patch(apiServices, undefined, name, 'merge', patch, { subresource: 'status' }).catch((err) => {
      if (!isNotFound(err)) this.log.warn(`apiservice ${name}: condition not written: ${(err as Error).message}`);
    });
  }
}
