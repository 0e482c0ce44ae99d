// Public API of @stevedore/proto: the gRPC contracts in proto/, loaded at run time, and their
// generated TypeScript types (scripts/proto-gen.sh; never edited by hand).
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { existsSync } from 'fs';
import * as path from 'path';
import type { ProtoGrpcType as ClusterProtoGrpcType } from './generated/cluster';
import type { ProtoGrpcType } from './generated/node';

const NODE_PROTO = 'stevedore/node/v1/node.proto';

/** The repository's proto/ folder, found from this file whether run from source or from dist/. */
export function protoRoot(): string {
  let dir = __dirname;
  while (dir !== path.dirname(dir)) {
    if (existsSync(path.join(dir, 'proto', NODE_PROTO))) return path.join(dir, 'proto');
    dir = path.dirname(dir);
  }
  throw new Error(`cannot find proto/${NODE_PROTO} above ${__dirname}`);
}

const CLUSTER_PROTO = 'stevedore/cluster/v1/cluster.proto';
const LOAD_OPTIONS: protoLoader.Options = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true };

let cached: ProtoGrpcType | undefined;
let cachedCluster: ClusterProtoGrpcType | undefined;

/** The agent ↔ control plane contract (stevedore.cluster.v1). */
export function loadClusterProto(): ClusterProtoGrpcType {
  cachedCluster ??= grpc.loadPackageDefinition(
    protoLoader.loadSync(CLUSTER_PROTO, { includeDirs: [protoRoot()], ...LOAD_OPTIONS }),
  ) as unknown as ClusterProtoGrpcType;
  return cachedCluster;
}

/** The node agent's services (stevedore.node.v1), with longs as numbers and defaults filled in. */
export function loadNodeProto(): ProtoGrpcType {
  cached ??= grpc.loadPackageDefinition(
    protoLoader.loadSync(NODE_PROTO, {
      includeDirs: [protoRoot()],
      ...LOAD_OPTIONS,
    }),
  ) as unknown as ProtoGrpcType;
  return cached;
}

export type { ProtoGrpcType as ClusterProtoGrpcType } from './generated/cluster';
export type { ProtoGrpcType } from './generated/node';
export type { AgentGatewayClient, AgentGatewayHandlers } from './generated/stevedore/cluster/v1/AgentGateway';
export type { AgentMessage, AgentMessage__Output } from './generated/stevedore/cluster/v1/AgentMessage';
export type { DnsService__Output as DnsService } from './generated/stevedore/cluster/v1/DnsService';
export type { FetchRequest__Output as FetchRequest } from './generated/stevedore/cluster/v1/FetchRequest';
export type { FetchResponse__Output as FetchResponse } from './generated/stevedore/cluster/v1/FetchResponse';
export type { IngressCertificate__Output as IngressCertificate } from './generated/stevedore/cluster/v1/IngressCertificate';
export type { IngressRoute__Output as IngressRoute } from './generated/stevedore/cluster/v1/IngressRoute';
export type { IngressRoutes__Output as IngressRoutes } from './generated/stevedore/cluster/v1/IngressRoutes';
export type { PeerRoute__Output as PeerRoute } from './generated/stevedore/cluster/v1/PeerRoute';
export type { PolicyAllow__Output as PolicyAllow } from './generated/stevedore/cluster/v1/PolicyAllow';
export type { PolicyPort__Output as PolicyPort } from './generated/stevedore/cluster/v1/PolicyPort';
export type { PolicyTarget__Output as PolicyTarget } from './generated/stevedore/cluster/v1/PolicyTarget';
export type { ServerMessage, ServerMessage__Output } from './generated/stevedore/cluster/v1/ServerMessage';
export type { ServiceProxy__Output as ServiceProxy } from './generated/stevedore/cluster/v1/ServiceProxy';
export type { StreamRequest__Output as StreamRequest } from './generated/stevedore/cluster/v1/StreamRequest';
export type { TunnelFrame, TunnelFrame__Output } from './generated/stevedore/cluster/v1/TunnelFrame';
export type { BuildEvent__Output as BuildEvent } from './generated/stevedore/node/v1/BuildEvent';
export type { BuildRequest__Output as BuildRequest } from './generated/stevedore/node/v1/BuildRequest';
export type { BuildServiceClient, BuildServiceHandlers } from './generated/stevedore/node/v1/BuildService';
export type {
  ContainerSummary as ContainerSummaryInput,
  ContainerSummary__Output as ContainerSummary,
} from './generated/stevedore/node/v1/ContainerSummary';
export type { CreateContainerRequest__Output as CreateContainerRequest } from './generated/stevedore/node/v1/CreateContainerRequest';
export type { ExecInput__Output as ExecInput } from './generated/stevedore/node/v1/ExecInput';
export type { ExecOutput__Output as ExecOutput } from './generated/stevedore/node/v1/ExecOutput';
export type { ImageServiceClient, ImageServiceHandlers } from './generated/stevedore/node/v1/ImageService';
export type { ImageSummary__Output as ImageSummary } from './generated/stevedore/node/v1/ImageSummary';
export type { InspectResponse__Output as InspectResponse } from './generated/stevedore/node/v1/InspectResponse';
export type { ListContainersResponse__Output as ListContainersResponse } from './generated/stevedore/node/v1/ListContainersResponse';
export type { ListImagesResponse__Output as ListImagesResponse } from './generated/stevedore/node/v1/ListImagesResponse';
export type { LoadImagesResponse__Output as LoadImagesResponse } from './generated/stevedore/node/v1/LoadImagesResponse';
export type { LogLine__Output as LogLine } from './generated/stevedore/node/v1/LogLine';
export type { ProgressEvent__Output as ProgressEvent } from './generated/stevedore/node/v1/ProgressEvent';
export type { PruneImagesResponse__Output as PruneImagesResponse } from './generated/stevedore/node/v1/PruneImagesResponse';
export type { RemoveImageResponse__Output as RemoveImageResponse } from './generated/stevedore/node/v1/RemoveImageResponse';
export type { RuntimeServiceClient, RuntimeServiceHandlers } from './generated/stevedore/node/v1/RuntimeService';
export type { StatsResponse__Output as StatsResponse } from './generated/stevedore/node/v1/StatsResponse';
export type { VersionResponse__Output as VersionResponse } from './generated/stevedore/node/v1/VersionResponse';
export { AGENT_PROTOCOL_MAX_MESSAGE_BYTES, AGENT_PROTOCOL_PAYLOAD_BYTES, wireBytes } from './message-limits';
