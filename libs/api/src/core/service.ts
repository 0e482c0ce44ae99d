import { t, Infer } from '../schema';
import { dns1123Label, labelValue, qualifiedName } from '../meta/names';
import { objectHeader } from '../meta/object-meta';

export const servicePortSchema = t.object({
  name: t.string().check(dns1123Label),
  protocol: t.enum(['TCP', 'UDP', 'SCTP'] as const),
  port: t.required(t.integer(1, 65535)),
  targetPort: t.intOrString(),
  nodePort: t.integer(1, 65535),
  appProtocol: t.string(),
});

export const serviceSchema = t.object({
  ...objectHeader,
  spec: t.object({
    type: t.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const),
    selector: t.map(t.string().check(labelValue), qualifiedName),
    ports: t.array(servicePortSchema, { mergeKey: 'port' }),
    clusterIP: t.string(),
    clusterIPs: t.array(t.string()),
    externalName: t.string(),
    externalIPs: t.array(t.string()),
    sessionAffinity: t.enum(['None', 'ClientIP'] as const),
    publishNotReadyAddresses: t.boolean(),
    ipFamilies: t.array(t.string()),
    ipFamilyPolicy: t.string(),
    internalTrafficPolicy: t.string(),
    externalTrafficPolicy: t.string(),
  }),
  status: t.any(),
}).kind('', 'v1', 'Service');

export type Service = Infer<typeof serviceSchema>;

const endpointAddressSchema = t.object({
  ip: t.required(t.string()),
  hostname: t.string(),
  nodeName: t.string(),
  targetRef: t.object({ kind: t.string(), namespace: t.string(), name: t.string(), uid: t.string(), resourceVersion: t.string() }),
});

/** v1 Endpoints: the addresses behind a Service, kept by the endpoints controller. */
export const endpointsSchema = t.object({
  ...objectHeader,
  subsets: t.array(t.object({
    addresses: t.array(endpointAddressSchema),
    notReadyAddresses: t.array(endpointAddressSchema),
    ports: t.array(t.object({ name: t.string(), port: t.required(t.integer(1, 65535)), protocol: t.enum(['TCP', 'UDP', 'SCTP'] as const), appProtocol: t.string() })),
  })),
}).kind('', 'v1', 'Endpoints');

export type Endpoints = Infer<typeof endpointsSchema>;
