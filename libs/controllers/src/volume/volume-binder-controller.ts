// The volume binder: Kubernetes' PersistentVolume controller with the built-in local-path
// provisioner and the in-use protection of claims and volumes. Informer events only queue keys
// ("claim/ns/name", "volume/name"); a worker plans from the caches (binder-plan.ts) and writes.
import {
  ignoring,
  isAlreadyExists,
  isNotFound,
  type KubeObject,
  LOCAL_PATH_PROVISIONER,
  type Node,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type Pod,
  PV_PROTECTION_FINALIZER,
  PVC_PROTECTION_FINALIZER,
  persistentVolumeClaims as PVCS,
  persistentVolumes as PVS,
  type ResourceStrategy,
  type StorageClass,
  VOLUME_ANNOTATIONS,
} from '@stevedore/api';
import { deleteObject, type ObjectRegistry, type Stored } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import { volumeFitsNode } from '@stevedore/scheduler';
import { EventRecorder } from '../runtime/events';
import type { Informer } from '../runtime/informer';
import { WorkQueue } from '../runtime/work-queue';
import { type BinderView, type ClaimPlan, planClaim, planVolume } from './binder-plan';
import { claimNames, releaseClaim, releaseVolume } from './protection-plan';

export interface VolumeInformers {
  claims: Informer<PersistentVolumeClaim>;
  volumes: Informer<PersistentVolume>;
  classes: Informer<StorageClass>;
  nodes: Informer<Node>;
  pods: Informer<Pod>;
}

/** A claim that cannot bind yet is looked at again this often, besides on every relevant change. */
const PENDING_RETRY_MS = 30_000;

export class VolumeBinderController {
  private readonly log = logger('volume-binder');
  readonly queue = new WorkQueue((key) => this.reconcile(key), this.log, 2);
  private readonly events: EventRecorder;
  /** The last pending message per claim uid, so a waiting claim gets one event per reason, not one per pass. */
  private readonly told = new Map<string, string>();

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly informers: VolumeInformers,
  ) {
    this.events = new EventRecorder(registry, 'persistentvolume-controller');
    const { claims, volumes, classes, nodes, pods } = informers;
    claims.events.subscribe(({ type, object }) => {
      if (type === 'DELETED') {
        this.told.delete(object.metadata.uid);
        for (const pv of volumes.list((v) => v.spec?.claimRef?.uid === object.metadata.uid)) this.queue.add(`volume/${pv.metadata.name}`);
      } else this.queue.add(claimKey(object.metadata.namespace!, object.metadata.name));
    });
    volumes.events.subscribe(({ type, object }) => {
      if (type !== 'DELETED') this.queue.add(`volume/${object.metadata.name}`);
      const ref = object.spec?.claimRef;
      if (ref?.name) this.queue.add(claimKey(ref.namespace ?? '', ref.name));
      this.addPendingClaims();
    });
    classes.events.subscribe(() => this.addPendingClaims());
    nodes.events.subscribe(({ type, old, object }) => {
      if (type !== 'MODIFIED' || JSON.stringify(old?.status?.conditions) !== JSON.stringify(object.status?.conditions))
        this.addPendingClaims();
    });
    pods.events.subscribe(({ type, object }) => {
      const finished = type === 'DELETED' || object.status?.phase === 'Succeeded' || object.status?.phase === 'Failed';
      if (finished) for (const name of claimNames(object)) this.queue.add(claimKey(object.metadata.namespace!, name));
    });
    for (const claim of claims.list()) this.queue.add(claimKey(claim.metadata.namespace!, claim.metadata.name));
    for (const pv of volumes.list()) this.queue.add(`volume/${pv.metadata.name}`);
  }

  stop(): void {
    this.queue.stop();
  }

  private addPendingClaims(): void {
    for (const claim of this.informers.claims.list((c) => c.status?.phase !== 'Bound'))
      this.queue.add(claimKey(claim.metadata.namespace!, claim.metadata.name));
  }

  private async reconcile(key: string): Promise<{ requeueAfterMs: number } | undefined> {
    const [what, ...rest] = key.split('/');
    if (what === 'volume') {
      await this.reconcileVolume(rest[0]!);
      return undefined;
    }
    return this.reconcileClaim(rest[0]!, rest[1]!);
  }

  private view(): BinderView {
    const { volumes, classes, nodes } = this.informers;
    return {
      volumes: volumes.list(),
      storageClass: (name) => classes.get(undefined, name),
      node: (name) => nodes.get(undefined, name),
      nodes: nodes.list(),
      volumeFitsNode,
    };
  }

  private async reconcileClaim(namespace: string, name: string): Promise<{ requeueAfterMs: number } | undefined> {
    const claim = this.informers.claims.get(namespace, name);
    if (!claim) return;
    // Only a claim being deleted needs the pods scanned.
    if (claim.metadata.deletionTimestamp && releaseClaim(claim, this.informers.pods.list())) {
      await this.dropFinalizer(PVCS, namespace, name, PVC_PROTECTION_FINALIZER);
      return;
    }
    const plan = planClaim(claim, this.view());
    if (plan.kind !== 'pending') this.told.delete(claim.metadata.uid);
    switch (plan.kind) {
      case 'bind':
        await this.bind(claim, plan.volume);
        return;
      case 'provision':
        await this.provision(claim, plan.volume);
        return;
      case 'lost':
        await this.markLost(claim);
        return;
      case 'pending':
        return await this.waitPending(claim, plan);
    }
  }

  private async waitPending(
    claim: Stored<PersistentVolumeClaim>,
    plan: Extract<ClaimPlan, { kind: 'pending' }>,
  ): Promise<{ requeueAfterMs: number } | undefined> {
    if (this.told.get(claim.metadata.uid) !== plan.message) {
      this.told.set(claim.metadata.uid, plan.message);
      this.events.record(claim, plan.type, plan.reason, plan.message);
    }
    if (plan.provisioner) await this.markProvisioner(claim, plan.provisioner);
    if (plan.forgetNode) {
      // The scheduler chose a node the provisioner refuses: let it choose again.
      await this.registry.modify(PVCS, claim.metadata.namespace, claim.metadata.name, (c) => {
        if (!c.metadata.annotations?.[VOLUME_ANNOTATIONS.selectedNode]) return undefined;
        delete c.metadata.annotations[VOLUME_ANNOTATIONS.selectedNode];
        return c;
      });
    }
    return plan.type === 'Warning' ? { requeueAfterMs: PENDING_RETRY_MS } : undefined;
  }

  /** Volume side first, as upstream: a claim never points at a volume that does not point back. */
  private async bind(claim: Stored<PersistentVolumeClaim>, volume: Stored<PersistentVolume>): Promise<void> {
    const bound = await this.registry.modify(PVS, undefined, volume.metadata.name, (pv) => {
      const ref = pv.spec?.claimRef;
      if (
        ref &&
        (ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace || (ref.uid && ref.uid !== claim.metadata.uid))
      )
        throw new Error(`volume ${pv.metadata.name} was taken by ${ref.namespace}/${ref.name} meanwhile`);
      if (ref?.uid === claim.metadata.uid && pv.status?.phase === 'Bound') return undefined;
      if (!ref) pv.metadata.annotations = { ...pv.metadata.annotations, [VOLUME_ANNOTATIONS.boundByController]: 'yes' };
      pv.spec = {
        ...pv.spec,
        claimRef: {
          kind: 'PersistentVolumeClaim',
          apiVersion: 'v1',
          namespace: claim.metadata.namespace,
          name: claim.metadata.name,
          uid: claim.metadata.uid,
        },
      };
      pv.status = { phase: 'Bound' };
      return pv;
    });
    await this.registry.modify(PVCS, claim.metadata.namespace, claim.metadata.name, (c) => {
      if (c.metadata.uid !== claim.metadata.uid || c.metadata.deletionTimestamp) return undefined;
      const annotations: Record<string, string> = { ...c.metadata.annotations, [VOLUME_ANNOTATIONS.bindCompleted]: 'yes' };
      if (!c.spec.volumeName) annotations[VOLUME_ANNOTATIONS.boundByController] = 'yes';
      c.metadata.annotations = annotations;
      c.spec.volumeName = bound.metadata.name;
      c.status = { ...c.status, phase: 'Bound', accessModes: bound.spec?.accessModes, capacity: bound.spec?.capacity };
      return c;
    });
    this.log.debug('bound', { claim: `${claim.metadata.namespace}/${claim.metadata.name}`, volume: bound.metadata.name });
  }

  private async provision(claim: Stored<PersistentVolumeClaim>, volume: PersistentVolume): Promise<void> {
    await this.markProvisioner(claim, LOCAL_PATH_PROVISIONER);
    const created = await this.registry.create(PVS, undefined, volume).catch(ignoring(isAlreadyExists));
    if (created) this.events.record(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${volume.metadata.name}`);
  }

  /** As upstream: the claim names the provisioner expected to make its volume (external ones watch for it). */
  private async markProvisioner(claim: Stored<PersistentVolumeClaim>, provisioner: string): Promise<void> {
    if (claim.metadata.annotations?.[VOLUME_ANNOTATIONS.storageProvisioner] === provisioner) return;
    await this.registry.modify(PVCS, claim.metadata.namespace, claim.metadata.name, (c) => {
      if (c.metadata.uid !== claim.metadata.uid || c.metadata.annotations?.[VOLUME_ANNOTATIONS.storageProvisioner] === provisioner)
        return undefined;
      c.metadata.annotations = {
        ...c.metadata.annotations,
        [VOLUME_ANNOTATIONS.storageProvisioner]: provisioner,
        [VOLUME_ANNOTATIONS.betaStorageProvisioner]: provisioner,
      };
      return c;
    });
  }

  private async markLost(claim: Stored<PersistentVolumeClaim>): Promise<void> {
    if (claim.status?.phase === 'Lost') return;
    await this.registry.modify(PVCS, claim.metadata.namespace, claim.metadata.name, (c) => {
      c.status = { ...c.status, phase: 'Lost' };
      return c;
    });
    this.events.record(claim, 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
  }

  private async reconcileVolume(name: string): Promise<void> {
    const pv = this.informers.volumes.get(undefined, name);
    if (!pv) return;
    if (releaseVolume(pv)) {
      await this.dropFinalizer(PVS, undefined, name, PV_PROTECTION_FINALIZER);
      return;
    }
    const ref = pv.spec?.claimRef;
    const claim = ref?.name ? this.informers.claims.get(ref.namespace, ref.name) : undefined;
    const plan = planVolume(pv, claim);
    if (plan.kind === 'phase') {
      await this.registry.modify(PVS, undefined, name, (v) => {
        if (v.status?.phase === plan.phase) return undefined;
        v.status = { phase: plan.phase, ...(plan.message ? { message: plan.message } : {}) };
        return v;
      });
      if (plan.phase === 'Failed') this.events.record(pv, 'Warning', 'VolumeFailedDelete', plan.message ?? '');
    } else if (plan.kind === 'delete') {
      const { uid, resourceVersion } = pv.metadata;
      await deleteObject(this.registry, PVS, undefined, name, { preconditions: { uid, resourceVersion } }).catch(ignoring(isNotFound));
      this.log.info('deleted a released volume (reclaim policy Delete)', { volume: name });
    }
  }

  private async dropFinalizer<T extends KubeObject>(
    resource: ResourceStrategy<T>,
    namespace: string | undefined,
    name: string,
    finalizer: string,
  ) {
    await this.registry
      .modify(resource, namespace, name, (object) => {
        if (!(object.metadata.finalizers ?? []).includes(finalizer)) return undefined;
        object.metadata.finalizers = object.metadata.finalizers!.filter((f) => f !== finalizer);
        return object;
      })
      .catch(ignoring(isNotFound));
  }
}

function claimKey(namespace: string, name: string): string {
  return `claim/${namespace}/${name}`;
}
