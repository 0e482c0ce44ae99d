// Keeps each Service's EndpointSlices: from the pods it selects, or mirrored from the Endpoints
// its user wrote when it has no selector (Kubernetes runs these as two controllers; the slices
// they write differ only in their managed-by label). Node proxies read the slices.
import {
  endpointSlices as ENDPOINT_SLICES,
  type EndpointSlice,
  type Endpoints,
  ignoring,
  isNotFound,
  MANAGED_BY_LABEL,
  type Pod,
  SERVICE_NAME_LABEL,
  type Service,
} from '@stevedore/api';
import { deleteObject, type ObjectRegistry } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import { controllerRef } from '../common/owner';
import { queueServicesAndTheirPods } from '../common/service-queue';
import { MANAGED_LABEL as ENDPOINTS_CONTROLLER_LABEL } from '../endpoints/endpoints-plan';
import { cacheKey, type Informer } from '../runtime/informer';
import { WorkQueue } from '../runtime/work-queue';
import { type SliceContents, sliceContentsFromEndpoints, sliceContentsFromPods } from './slice-contents';
import { planSlices } from './slice-plan';

export const SLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
export const MIRRORING_CONTROLLER = 'endpointslicemirroring-controller.k8s.io';
const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
const HEADLESS_LABEL = 'service.kubernetes.io/headless';

const hasSelector = (s: Service) => Object.keys(s.spec?.selector ?? {}).length > 0;
/** Endpoints a user wrote for a selector-less Service; not our own controller's, nor opted out. */
const mirrorable = (e: Endpoints | undefined) =>
  !!e && !e.metadata.labels?.[ENDPOINTS_CONTROLLER_LABEL] && e.metadata.labels?.[SKIP_MIRROR_LABEL] !== 'true';

export class EndpointSliceController {
  readonly queue: WorkQueue;

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly services: Informer<Service>,
    private readonly pods: Informer<Pod>,
    private readonly endpoints: Informer<Endpoints>,
    private readonly slices: Informer<EndpointSlice>,
  ) {
    this.queue = new WorkQueue((key) => this.reconcile(key), logger('endpointslice-controller'), 2);
    endpoints.events.subscribe((e) => this.queue.add(cacheKey(e.object)));
    slices.events.subscribe((e) => {
      const service = e.object.metadata.labels?.[SERVICE_NAME_LABEL];
      if (service) this.queue.add(`${e.object.metadata.namespace}/${service}`);
    });
    queueServicesAndTheirPods(this.queue, services, pods);
  }

  stop(): void {
    this.queue.stop();
  }

  private async reconcile(key: string): Promise<void> {
    const [namespace, name] = key.split('/') as [string, string];
    const service = this.services.get(namespace, name);
    const owned = this.slices.list(
      (s) =>
        s.metadata.namespace === namespace &&
        s.metadata.labels?.[SERVICE_NAME_LABEL] === name &&
        [SLICE_CONTROLLER, MIRRORING_CONTROLLER].includes(s.metadata.labels?.[MANAGED_BY_LABEL] ?? ''),
    );
    const source = service && !service.metadata.deletionTimestamp ? this.sourceOf(service) : undefined;
    if (!service || !source) return this.removeAll(owned);
    const labels = this.labelsFor(service, source.managedBy);
    const mine = owned.filter((s) => s.metadata.labels?.[MANAGED_BY_LABEL] === source.managedBy);
    await this.removeAll(owned.filter((s) => !mine.includes(s)));
    const plan = planSlices(source.contents, mine, (s) => JSON.stringify(s.metadata.labels) === JSON.stringify(labels));
    for (const { slice, contents } of plan.update) {
      await this.registry.update(ENDPOINT_SLICES, namespace, slice.metadata.name!, {
        ...slice,
        metadata: { ...slice.metadata, labels },
        ports: contents.ports,
        endpoints: contents.endpoints,
      });
    }
    for (const contents of plan.create) await this.create(service, labels, contents);
    await this.removeAll(plan.remove);
  }

  private sourceOf(service: Service): { contents: SliceContents[]; managedBy: string } | undefined {
    if (hasSelector(service)) return { contents: sliceContentsFromPods(service, this.pods.list()), managedBy: SLICE_CONTROLLER };
    const written = this.endpoints.get(service.metadata.namespace!, service.metadata.name!);
    if (!mirrorable(written)) return undefined;
    return { contents: sliceContentsFromEndpoints(written!), managedBy: MIRRORING_CONTROLLER };
  }

  private labelsFor(service: Service, managedBy: string): Record<string, string> {
    const labels: Record<string, string> = {
      ...service.metadata.labels,
      [SERVICE_NAME_LABEL]: service.metadata.name!,
      [MANAGED_BY_LABEL]: managedBy,
    };
    if (service.spec?.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
    return labels;
  }

  private async create(service: Service, labels: Record<string, string>, contents: SliceContents): Promise<void> {
    await this.registry.create(ENDPOINT_SLICES, service.metadata.namespace, {
      metadata: {
        generateName: `${service.metadata.name}-`,
        namespace: service.metadata.namespace,
        labels,
        ownerReferences: [controllerRef(service, 'v1', 'Service')],
      },
      addressType: 'IPv4',
      ports: contents.ports,
      endpoints: contents.endpoints,
    });
  }

  private async removeAll(slices: readonly EndpointSlice[]): Promise<void> {
    for (const s of slices)
      await deleteObject(this.registry, ENDPOINT_SLICES, s.metadata.namespace, s.metadata.name!).catch(ignoring(isNotFound));
  }
}
