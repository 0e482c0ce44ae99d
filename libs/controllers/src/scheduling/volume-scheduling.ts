// The scheduler's storage half: the VolumeBinding filter over the storage informers, and the
// step between deciding and binding a pod whose WaitForFirstConsumer claims are still unbound.
//
// That step records the chosen node on each such claim (`volume.kubernetes.io/selected-node`)
// and binds the pod only once the volume binder has bound them, as kube-scheduler's PreBind
// does. Binding the pod at once and letting the agent wait would be simpler, but a provisioner
// that then refuses the node (disk pressure) would leave the pod stuck on a node it can never
// run on; waiting keeps the pod unbound, so the binder's dropping of the annotation sends it
// back to the queue for another node.
import {
  LOCAL_PATH_PROVISIONER,
  type Node,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type Pod,
  persistentVolumeClaims as PVCS,
  type StorageClass,
  VOLUME_ANNOTATIONS,
} from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import { type FilterPlugin, podClaimNames, volumeBinding } from '@stevedore/scheduler';
import { merge, type Observable } from 'rxjs';
import type { Informer } from '../runtime/informer';
import { nodeRefusal } from '../volume/local-path';

/** As kube-scheduler's bind timeout: a claim not bound in ten minutes sends the pod back to the queue. */
const BIND_TIMEOUT_MS = 600_000;

export interface StorageInformers {
  claims: Informer<PersistentVolumeClaim>;
  volumes: Informer<PersistentVolume>;
  classes: Informer<StorageClass>;
}

export class VolumeScheduling {
  readonly plugin: FilterPlugin;
  /** Storage changes that may make a waiting pod schedulable. */
  readonly changes$: Observable<unknown>;

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly informers: StorageInformers,
  ) {
    const { claims, volumes, classes } = informers;
    this.plugin = volumeBinding({
      claim: (namespace, name) => claims.get(namespace, name),
      volume: (name) => volumes.get(undefined, name),
      volumes: () => volumes.list(),
      storageClass: (name) => classes.get(undefined, name),
      // Only the built-in provisioner's limits are known; an external one is assumed able, as upstream does without capacity tracking.
      canProvision: (sc: StorageClass, node: Node) =>
        sc.provisioner !== LOCAL_PATH_PROVISIONER || !nodeRefusal(node, node.metadata.name ?? ''),
    });
    this.changes$ = merge(claims.events, volumes.events, classes.events);
  }

  /** Resolves once every claim of the pod is bound, after choosing `nodeName` for the unbound ones; rejects when one gets refused. */
  async prebind(pod: Pod, nodeName: string): Promise<void> {
    const namespace = pod.metadata.namespace ?? 'default';
    const unbound = podClaimNames(pod).filter((name) => !this.informers.claims.get(namespace, name)?.spec.volumeName);
    if (!unbound.length) return;
    for (const name of unbound) {
      await this.registry.modify(PVCS, namespace, name, (claim) => {
        if (claim.spec.volumeName || claim.metadata.annotations?.[VOLUME_ANNOTATIONS.selectedNode] === nodeName) return undefined;
        claim.metadata.annotations = { ...claim.metadata.annotations, [VOLUME_ANNOTATIONS.selectedNode]: nodeName };
        return claim;
      });
    }
    await this.waitBound(namespace, unbound, nodeName);
  }

  private waitBound(namespace: string, names: string[], nodeName: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        let done = true;
        for (const name of names) {
          const claim = this.informers.claims.get(namespace, name);
          if (!claim) return finish(new Error(`persistentvolumeclaim "${name}" not found`));
          if (claim.spec.volumeName && claim.status?.phase === 'Bound') continue;
          const selected = claim.metadata.annotations?.[VOLUME_ANNOTATIONS.selectedNode];
          if (selected !== nodeName) return finish(new Error(`claim "${name}" can no longer be provisioned on node "${nodeName}"`));
          done = false;
        }
        return done ? finish() : false;
      };
      const timer = setTimeout(() => finish(new Error(`claims of the pod not bound within ${BIND_TIMEOUT_MS / 1000} s`)), BIND_TIMEOUT_MS);
      timer.unref();
      const subscription = this.informers.claims.events.subscribe(() => check());
      function finish(err?: Error): true {
        clearTimeout(timer);
        subscription?.unsubscribe();
        if (err) reject(err);
        else resolve();
        return true;
      }
      check();
    });
  }
}
