// Keeps the `default` ServiceAccount and the `kube-root-ca.crt` ConfigMap in every active
// namespace: recreated when deleted, the CA rewritten when edited. Level-triggered on namespaces,
// accounts and config maps; each sync applies planNamespaceDefaults.
import {
  type ConfigMap,
  configMaps,
  ignoring,
  isAlreadyExists,
  type Namespace,
  type ServiceAccount,
  serviceAccounts,
} from '@stevedore/api';
import type { ObjectRegistry } from '@stevedore/apiserver';
import { logger } from '@stevedore/log';
import type { Informer } from '../runtime/informer';
import { WorkQueue } from '../runtime/work-queue';
import { DEFAULT_SERVICE_ACCOUNT, planNamespaceDefaults, ROOT_CA_CONFIGMAP } from './namespace-defaults';

export class NamespaceDefaultsController {
  readonly queue: WorkQueue;

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly namespaces: Informer<Namespace>,
    private readonly accounts: Informer<ServiceAccount>,
    private readonly configs: Informer<ConfigMap>,
    private readonly caCert?: string,
  ) {
    this.queue = new WorkQueue((name) => this.reconcile(name), logger('namespace-defaults-controller'), 2);
    namespaces.events.subscribe((e) => this.queue.add(e.object.metadata.name));
    accounts.events.subscribe((e) => e.object.metadata.name === DEFAULT_SERVICE_ACCOUNT && this.queue.add(e.object.metadata.namespace!));
    configs.events.subscribe((e) => e.object.metadata.name === ROOT_CA_CONFIGMAP && this.queue.add(e.object.metadata.namespace!));
    for (const ns of namespaces.list()) this.queue.add(ns.metadata.name);
  }

  stop(): void {
    this.queue.stop();
  }

  private async reconcile(name: string): Promise<void> {
    const current = this.configs.get(name, ROOT_CA_CONFIGMAP);
    const plan = planNamespaceDefaults(
      this.namespaces.get(undefined, name),
      this.accounts.get(name, DEFAULT_SERVICE_ACCOUNT),
      current,
      this.caCert,
    );
    if (plan.createServiceAccount)
      await this.registry.create(serviceAccounts, name, plan.createServiceAccount).catch(ignoring(isAlreadyExists));
    if (plan.rootCa && current) await this.registry.update(configMaps, name, ROOT_CA_CONFIGMAP, plan.rootCa);
    else if (plan.rootCa) await this.registry.create(configMaps, name, plan.rootCa).catch(ignoring(isAlreadyExists));
  }
}
