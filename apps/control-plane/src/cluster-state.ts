// The control plane's in-process parts around the store: the registry, built-in namespaces,
// the shared informers, the controllers and scheduler, and the agent gateway.

import {
  apiServices,
  configMaps,
  controllerRevisions,
  cronJobs,
  customResourceDefinitions,
  daemonSets,
  deployments,
  dynamicResources,
  endpointSlices,
  endpoints,
  horizontalPodAutoscalers,
  ingressClasses,
  ingresses,
  isAlreadyExists,
  jobs,
  type KubeObject,
  leases,
  limitRanges,
  mutatingWebhookConfigurations,
  namespaces,
  networkPolicies,
  nodes,
  parseCidr,
  persistentVolumeClaims,
  persistentVolumes,
  podDisruptionBudgets,
  pods,
  priorityClasses,
  replicaSets,
  resourceQuotas,
  secrets,
  serviceAccounts,
  services,
  statefulSets,
  storageClasses,
  validatingWebhookConfigurations,
} from '@stevedore/api';
import {
  claimAdmission,
  conversionWebhookTransport,
  ingressAdmission,
  mutatingWebhookAdmission,
  ObjectRegistry,
  podPriorityAdmission,
  priorityClassAdmission,
  type RecentCopies,
  ServiceAllocator,
  validatingWebhookAdmission,
  volumeAdmission,
} from '@stevedore/apiserver';
import {
  APIServiceAvailabilityController,
  ClusterRoleAggregationController,
  CronJobController,
  CustomResourceDefinitionController,
  CustomResourceServing,
  DaemonSetController,
  DEFAULT_HPA_CONTROLLER_OPTIONS,
  DeploymentController,
  DisruptionController,
  EndpointSliceController,
  EndpointsController,
  EventTtlController,
  GarbageCollector,
  HorizontalPodAutoscalerController,
  Informer,
  JobController,
  JobTtlController,
  LoadBalancerController,
  NamespaceController,
  NamespaceDefaultsController,
  NodeLifecycleController,
  type OwnedKind,
  ReplicaSetController,
  SchedulerLoop,
  StatefulSetController,
  TokenSecretController,
  VolumeBinderController,
  VolumeScheduling,
} from '@stevedore/controllers';
import {
  AgentGateway,
  clusterDns,
  ingressRoutes,
  NetworkPolicyFeed,
  NodeTokens,
  PodCidrAllocator,
  PodRouter,
  peerRoutes,
  resyncRecoveredNodes,
  serviceProxies,
  TunnelledPodStreams,
} from '@stevedore/gateway';
import { logger } from '@stevedore/log';
import { EtcdStore, MemoryStore, type Store, startCompactor } from '@stevedore/store';
import * as path from 'path';
import { addAdmissionPlugins, startQuotaController } from './admission-plugins';
import { AggregatedApis } from './aggregation/aggregated-apis';
import { type DiscoveryCache, discoveryCheck } from './aggregation/backend-client';
import { ensureExtensionAuthentication } from './aggregation/extension-authentication';
import type { FrontProxy } from './aggregation/front-proxy';
import { ensureLocalApiServices } from './aggregation/local-apiservices';
import { ensureApiService } from './api-service';
import type { ControlPlaneConfig } from './config';
import { ensureDefaultIngressClass } from './default-ingress-class';
import { ensureDefaultStorageClass } from './default-storage-class';
import { clusterDnsAddress, ensureDnsService } from './dns-service';
import { openWithEncryption } from './encryption-at-rest';
import { type ObservedParts, observeCluster, observeSingletons } from './http/metrics/cluster-gauges';
import { ControlPlaneMetrics } from './http/metrics/control-plane-metrics';
import { instrumentStore } from './http/metrics/instrumented-store';
import { ResourceMetrics } from './http/metrics/resource-metrics';
import { type ClusterIdentity, identityInformers, startIdentity } from './identity/identity';
import { podTokenIssuer } from './identity/pod-tokens';
import { checkElectionTimings, type Singletons, startSingletons } from './leader-election';
import { POD_SECURITY_RESOURCES, podSecurityStep } from './pod-security';
import { priorityClassLookup } from './priority-class-lookup';
import { ensureSystemPriorityClasses } from './system-priority-classes';
import { forTerm } from './term-informers';
import { webhookSources } from './webhook-sources';

export const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export interface ClusterState {
  store: Store;
  registry: ObjectRegistry;
  gateway: AgentGateway;
  gatewayPort: number;
  nodeTokens: NodeTokens;
  streams: TunnelledPodStreams;
  /** The scheduler and controllers, running while this control plane leads them. */
  singletons: Singletons;
  metrics: ControlPlaneMetrics;
  resourceMetrics: ResourceMetrics;
  identity: ClusterIdentity;
  aggregation: AggregatedApis;
  close(): Promise<void>;
}

export async function openStore(config: ControlPlaneConfig): Promise<Store> {
  if (!config.etcdEndpoints.length) return new MemoryStore();
  const tls = { caFile: config.etcdCafile, certFile: config.etcdCertfile, keyFile: config.etcdKeyfile };
  // Without any of the files, https endpoints are still dialled over TLS, trusting the system's roots.
  return EtcdStore.connect({ endpoints: config.etcdEndpoints, tls: Object.values(tls).some(Boolean) ? tls : undefined });
}

async function ensureNamespaces(registry: ObjectRegistry): Promise<void> {
  for (const name of BUILTIN_NAMESPACES) {
    await registry.create(namespaces, undefined, { metadata: { name } }).catch((err) => {
      if (!isAlreadyExists(err)) throw err;
    });
  }
}

/** Read-modify-writes on the hot paths (binds, pod status, leases, namespace checks) start from the informers' copies. */
function recentCopiesFrom(informers: Informer<KubeObject>[]): RecentCopies {
  const byResource = new Map(informers.map((i) => [`${i.resource.group}/${i.resource.plural}`, i]));
  return (resource, namespace, name) => byResource.get(`${resource.group}/${resource.plural}`)?.get(namespace, name);
}

/** The issuer of ServiceAccount tokens, also the API's audience, as kube-apiserver's usual setting. */
export function serviceAccountIssuer(config: ControlPlaneConfig): string {
  return `https://kubernetes.default.svc.${config.clusterDomain}`;
}

export async function startClusterState(
  config: ControlPlaneConfig,
  tls: { cert: string; key: string; caCert?: string; frontProxy?: FrontProxy },
): Promise<ClusterState> {
  // Refused before anything is opened, as Kubernetes refuses them when parsing its flags.
  if (config.leaderElect) checkElectionTimings(config);
  const metrics = new ControlPlaneMetrics();
  const store = instrumentStore(await openWithEncryption(config, openStore), metrics);
  const registry = new ObjectRegistry(store);
  // Each component's own writes are recorded in managedFields under its name, as in Kubernetes.
  registry.fieldManager = 'kube-apiserver';
  registry.allocators.set(services, new ServiceAllocator(store, { serviceCidr: config.serviceCidr, nodePorts: config.nodePortRange }));
  await ensureNamespaces(registry);
  await ensureApiService(registry, config);
  await ensureDnsService(registry, config);
  await ensureSystemPriorityClasses(registry);
  await ensureDefaultStorageClass(registry);
  await ensureDefaultIngressClass(registry);
  await ensureLocalApiServices(registry);
  if (tls.caCert && tls.frontProxy) await ensureExtensionAuthentication(registry, tls.caCert, tls.frontProxy);
  const proxyClient = tls.frontProxy && { cert: tls.frontProxy.clientCert, key: tls.frontProxy.clientKey };
  const stopCompactor = startCompactor(store, 5 * 60_000, logger('compactor'));
  const informers = {
    namespaces: new Informer(store, namespaces),
    pods: new Informer(store, pods),
    nodes: new Informer(store, nodes),
    replicaSets: new Informer(store, replicaSets),
    deployments: new Informer(store, deployments),
    leases: new Informer(store, leases),
    daemonSets: new Informer(store, daemonSets),
    jobs: new Informer(store, jobs),
    cronJobs: new Informer(store, cronJobs),
    services: new Informer(store, services),
    endpoints: new Informer(store, endpoints),
    endpointSlices: new Informer(store, endpointSlices),
    podDisruptionBudgets: new Informer(store, podDisruptionBudgets),
    priorityClasses: new Informer(store, priorityClasses),
    horizontalPodAutoscalers: new Informer(store, horizontalPodAutoscalers),
    statefulSets: new Informer(store, statefulSets),
    controllerRevisions: new Informer(store, controllerRevisions),
    persistentVolumeClaims: new Informer(store, persistentVolumeClaims),
    volumes: new Informer(store, persistentVolumes),
    storageClasses: new Informer(store, storageClasses),
    networkPolicies: new Informer(store, networkPolicies),
    ingresses: new Informer(store, ingresses),
    ingressClasses: new Informer(store, ingressClasses),
    // Every node's ingress proxy needs the TLS Secrets its Ingresses name.
    secrets: new Informer(store, secrets),
    serviceAccounts: new Informer(store, serviceAccounts),
    configMaps: new Informer(store, configMaps),
    ...identityInformers(store),
    customResourceDefinitions: new Informer(store, customResourceDefinitions),
    limitRanges: new Informer(store, limitRanges),
    resourceQuotas: new Informer(store, resourceQuotas),
    mutatingWebhooks: new Informer(store, mutatingWebhookConfigurations),
    validatingWebhooks: new Informer(store, validatingWebhookConfigurations),
    apiServices: new Informer(store, apiServices),
  };
  await Promise.all(Object.values(informers).map((i) => i.start()));
  type Informers = typeof informers;
  const classes = priorityClassLookup(registry, informers.priorityClasses);
  registry.admission.add(podPriorityAdmission(classes), { resources: [pods] });
  registry.admission.add(priorityClassAdmission(classes), { resources: [priorityClasses] });
  registry.admission.add(
    claimAdmission(async () => informers.storageClasses.list()),
    { resources: [persistentVolumeClaims] },
  );
  registry.admission.add(volumeAdmission(), { resources: [persistentVolumes] });
  registry.admission.add(
    ingressAdmission(async () => informers.ingressClasses.list()),
    { resources: [ingresses] },
  );
  registry.admission.add(podSecurityStep(registry, informers.pods), { phase: 'validating', resources: POD_SECURITY_RESOURCES });
  const webhooks = {
    log: logger('admission-webhooks'),
    sources: webhookSources({ ...informers, mutating: informers.mutatingWebhooks, validating: informers.validatingWebhooks }),
  };
  // Last, so the quota step (validating, every resource) judges what every other step admitted;
  // the webhook steps go in just before it, as kube-apiserver orders its plugins.
  const webhookSteps = { mutating: mutatingWebhookAdmission(webhooks), validating: validatingWebhookAdmission(webhooks) };
  const quotaCountedOf = (informers: Informers) => [
    informers.pods,
    informers.services,
    informers.secrets,
    informers.configMaps,
    informers.persistentVolumeClaims,
  ];
  addAdmissionPlugins(registry, informers, quotaCountedOf(informers), webhookSteps);
  registry.recentCopies = recentCopiesFrom(Object.values(informers));
  const identity = await startIdentity(registry, path.join(config.dataDir, 'pki'), serviceAccountIssuer(config), informers);
  // Backends' resource lists, filled by the availability checks and read by discovery.
  const discoveryCache: DiscoveryCache = new Map();
  const aggregation = new AggregatedApis(
    informers.apiServices,
    discoveryCache,
    {
      service: (ns, name) => informers.services.get(ns, name),
      endpoints: (ns, name) => informers.endpoints.get(ns, name),
    },
    proxyClient,
  );
  // What the singletons are built from is taken from the informers of their term (see forTerm).
  const storageOf = (informers: Informers) => ({
    claims: informers.persistentVolumeClaims,
    volumes: informers.volumes,
    classes: informers.storageClasses,
  });
  const ownedKindsOf = (informers: Informers): OwnedKind[] => [
    {
      dependents: informers.pods,
      owners: {
        ReplicaSet: informers.replicaSets,
        DaemonSet: informers.daemonSets,
        Job: informers.jobs,
        StatefulSet: informers.statefulSets,
      },
    },
    { dependents: informers.controllerRevisions, owners: { StatefulSet: informers.statefulSets, DaemonSet: informers.daemonSets } },
    // A StatefulSet's claims name it or a scaled-away pod only under a Delete retention policy.
    {
      dependents: informers.persistentVolumeClaims,
      owners: { StatefulSet: informers.statefulSets, Pod: informers.pods },
      anyOwner: true,
    },
    { dependents: informers.replicaSets, owners: { Deployment: informers.deployments } },
    { dependents: informers.jobs, owners: { CronJob: informers.cronJobs } },
  ];
  const ownedKinds = ownedKindsOf(informers);
  // Every API server honours propagationPolicy (orphan, foreground) on deletes, leader or not.
  for (const { owners } of ownedKinds) for (const kind of Object.keys(owners)) registry.propagationKinds.add(kind);
  // Every API server serves the custom kinds; the CRD controller (status, clean-up) is a singleton.
  // CRDs' conversion webhooks go over the admission webhooks' transport and reach Services alike.
  const conversionWebhooks = conversionWebhookTransport(
    (namespace, name, port) => webhooks.sources.serviceAddress(namespace, name, port),
    logger('conversion-webhooks'),
  );
  const customResources = new CustomResourceServing(informers.customResourceDefinitions, dynamicResources, conversionWebhooks);
  // The singletons are built per leadership term, writing through that term's fenced registry.
  const startScheduler = (registry: ObjectRegistry, informers: Informers) =>
    new SchedulerLoop(registry, informers.pods, informers.nodes, {
      budgets: informers.podDisruptionBudgets,
      volumes: new VolumeScheduling(registry, storageOf(informers)),
      namespaces: informers.namespaces,
    });
  const startControllers = (registry: ObjectRegistry, informers: Informers): { stop(): void }[] => [
    new NamespaceController(registry, informers.namespaces, dynamicResources),
    startQuotaController(registry, informers, quotaCountedOf(informers)),
    new NamespaceDefaultsController(registry, informers.namespaces, informers.serviceAccounts, informers.configMaps, tls.caCert),
    new ClusterRoleAggregationController(registry, informers.clusterRoles),
    new TokenSecretController(registry, informers.secrets, informers.serviceAccounts, (t) => identity.tokens.issueLegacy(t), tls.caCert),
    new ReplicaSetController(registry, informers.replicaSets, informers.pods),
    new DeploymentController(registry, informers.deployments, informers.replicaSets),
    new DaemonSetController(registry, informers.daemonSets, informers.pods, informers.nodes, informers.controllerRevisions),
    new StatefulSetController(registry, {
      statefulSets: informers.statefulSets,
      pods: informers.pods,
      claims: informers.persistentVolumeClaims,
      revisions: informers.controllerRevisions,
    }),
    new JobController(registry, informers.jobs, informers.pods),
    new JobTtlController(registry, informers.jobs),
    new CustomResourceDefinitionController(registry, informers.customResourceDefinitions, dynamicResources, conversionWebhooks),
    new APIServiceAvailabilityController(registry, informers, discoveryCheck(discoveryCache, proxyClient)),
    new CronJobController(registry, informers.cronJobs, informers.jobs),
    new NodeLifecycleController(
      registry,
      informers.nodes,
      informers.leases,
      informers.pods,
      {
        gracePeriodSeconds: config.nodeMonitorGracePeriodSeconds,
        evictionSeconds: config.podEvictionTimeoutSeconds,
      },
      logger('node-lifecycle-controller'),
    ),
    new EventTtlController(registry, { ttlSeconds: config.eventTtlSeconds }, logger('event-ttl-controller')),
    new EndpointsController(registry, informers.services, informers.pods, informers.endpoints),
    new VolumeBinderController(registry, { ...storageOf(informers), nodes: informers.nodes, pods: informers.pods }),
    new EndpointSliceController(registry, informers.services, informers.pods, informers.endpoints, informers.endpointSlices),
    new LoadBalancerController(
      registry,
      { services: informers.services, ingresses: informers.ingresses, ingressClasses: informers.ingressClasses, nodes: informers.nodes },
      config.loadBalancerPool ? parseCidr(config.loadBalancerPool) : undefined,
    ),
    new DisruptionController(registry, informers.podDisruptionBudgets, informers.pods, informers.replicaSets, informers.deployments),
    new GarbageCollector(registry, ownedKindsOf(informers)),
  ];
  const router = new PodRouter(informers.pods);
  const cidrs = new PodCidrAllocator(config.clusterCidr, informers.nodes, config.nodeCidrMaskSize);
  const feeds = {
    routes: peerRoutes(informers.nodes),
    services: serviceProxies(informers.services, informers.endpointSlices),
    dns: clusterDns(informers.services, informers.endpointSlices),
    policies: new NetworkPolicyFeed(informers.networkPolicies, informers.pods, informers.namespaces),
    ingress: ingressRoutes({
      ingresses: informers.ingresses,
      ingressClasses: informers.ingressClasses,
      services: informers.services,
      endpointSlices: informers.endpointSlices,
      secrets: informers.secrets,
    }),
  };
  const nodeTokens = await NodeTokens.open(path.join(config.dataDir, 'pki', 'node-tokens.json'));
  // As the kubelet renews its 40 s lease every 10 s: four renewals per grace period, so one late
  // renewal never makes a node NotReady, and 5,000 nodes cost 500 lease writes a second, not 1,000+.
  const renewMs = (config.nodeMonitorGracePeriodSeconds * 1000) / 4;
  const gateway = new AgentGateway(registry.withFieldManager('kubelet'), router, nodeTokens, {
    tls,
    heartbeatIntervalMs: renewMs,
    leaseRenewIntervalMs: renewMs,
    log: logger('gateway'),
    podCidrFor: (node) => cidrs.allocate(node),
    peerRoutes: feeds.routes.changes$,
    serviceProxies: feeds.services.changes$,
    clusterDns: feeds.dns.changes$,
    networkPolicies: (node) => feeds.policies.forNode(node),
    ingressRoutes: feeds.ingress.changes$,
    dns: { clusterDns: clusterDnsAddress(config), clusterDomain: config.clusterDomain },
    podTokens: podTokenIssuer(registry, identity.tokens),
  });
  const gatewayPort = await gateway.listen(config.bindAddress, config.agentPort);
  const resyncs = resyncRecoveredNodes(informers.nodes, (node) => gateway.requestResync(node));
  // The autoscaler reads pod metrics as `kubectl top` does, through the agents' sessions.
  const resourceMetrics = new ResourceMetrics(gateway, informers.nodes, informers.pods);
  const startAutoscaler = (registry: ObjectRegistry, informers: Informers) =>
    new HorizontalPodAutoscalerController(registry, informers.horizontalPodAutoscalers, informers.pods, resourceMetrics, {
      ...DEFAULT_HPA_CONTROLLER_OPTIONS,
      syncPeriodMs: config.hpaSyncPeriodSeconds * 1000,
      downscaleStabilizationMs: config.hpaDownscaleStabilizationSeconds * 1000,
    });
  const observed: ObservedParts = { pods: informers.pods, nodes: informers.nodes, controllers: [] };
  observeCluster(metrics, observed);
  const singletons = await startSingletons(config, registry, {
    'kube-scheduler': (fenced) =>
      forTerm(informers, (scoped) => {
        observed.scheduler = startScheduler(fenced.withFieldManager('kube-scheduler'), scoped);
        observeSingletons(metrics, { scheduler: observed.scheduler, controllers: [] });
        return [observed.scheduler];
      }),
    'kube-controller-manager': (fenced) =>
      forTerm(informers, (scoped) => {
        const controllerManager = fenced.withFieldManager('kube-controller-manager');
        observed.controllers = [...startControllers(controllerManager, scoped), startAutoscaler(controllerManager, scoped)];
        observeSingletons(metrics, { controllers: observed.controllers });
        return observed.controllers as { stop(): void }[];
      }),
  });
  metrics.gauge('leader_election_master_status', 'Whether this control plane leads the Lease (1) or not (0).', ['name'], (set) => {
    for (const name of ['kube-scheduler', 'kube-controller-manager']) set({ name }, singletons.isLeader(name) ? 1 : 0);
  });
  return {
    store,
    registry,
    gateway,
    gatewayPort,
    nodeTokens,
    singletons,
    streams: new TunnelledPodStreams(gateway),
    metrics,
    resourceMetrics,
    identity,
    aggregation,
    async close() {
      // First, so that the other control planes take over at once (the leases are released).
      await singletons.stop();
      customResources.stop();
      resyncs.unsubscribe();
      await gateway.close();
      feeds.routes.close();
      feeds.services.close();
      feeds.dns.close();
      feeds.policies.close();
      feeds.ingress.close();
      stopCompactor();
      for (const informer of Object.values(informers)) informer.stop();
      await store.close();
    },
  };
}
