// Original file: proto/stevedore/node/v1/node.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CommitContainerRequest as _stevedore_node_v1_CommitContainerRequest, CommitContainerRequest__Output as _stevedore_node_v1_CommitContainerRequest__Output } from '../../../stevedore/node/v1/CommitContainerRequest';
import type { ContainerRef as _stevedore_node_v1_ContainerRef, ContainerRef__Output as _stevedore_node_v1_ContainerRef__Output } from '../../../stevedore/node/v1/ContainerRef';
import type { ContainerSummary as _stevedore_node_v1_ContainerSummary, ContainerSummary__Output as _stevedore_node_v1_ContainerSummary__Output } from '../../../stevedore/node/v1/ContainerSummary';
import type { CreateContainerRequest as _stevedore_node_v1_CreateContainerRequest, CreateContainerRequest__Output as _stevedore_node_v1_CreateContainerRequest__Output } from '../../../stevedore/node/v1/CreateContainerRequest';
import type { Empty as _stevedore_node_v1_Empty, Empty__Output as _stevedore_node_v1_Empty__Output } from '../../../stevedore/node/v1/Empty';
import type { ExecInput as _stevedore_node_v1_ExecInput, ExecInput__Output as _stevedore_node_v1_ExecInput__Output } from '../../../stevedore/node/v1/ExecInput';
import type { ExecOutput as _stevedore_node_v1_ExecOutput, ExecOutput__Output as _stevedore_node_v1_ExecOutput__Output } from '../../../stevedore/node/v1/ExecOutput';
import type { ImageSummary as _stevedore_node_v1_ImageSummary, ImageSummary__Output as _stevedore_node_v1_ImageSummary__Output } from '../../../stevedore/node/v1/ImageSummary';
import type { InspectResponse as _stevedore_node_v1_InspectResponse, InspectResponse__Output as _stevedore_node_v1_InspectResponse__Output } from '../../../stevedore/node/v1/InspectResponse';
import type { KillContainerRequest as _stevedore_node_v1_KillContainerRequest, KillContainerRequest__Output as _stevedore_node_v1_KillContainerRequest__Output } from '../../../stevedore/node/v1/KillContainerRequest';
import type { ListContainersRequest as _stevedore_node_v1_ListContainersRequest, ListContainersRequest__Output as _stevedore_node_v1_ListContainersRequest__Output } from '../../../stevedore/node/v1/ListContainersRequest';
import type { ListContainersResponse as _stevedore_node_v1_ListContainersResponse, ListContainersResponse__Output as _stevedore_node_v1_ListContainersResponse__Output } from '../../../stevedore/node/v1/ListContainersResponse';
import type { LogLine as _stevedore_node_v1_LogLine, LogLine__Output as _stevedore_node_v1_LogLine__Output } from '../../../stevedore/node/v1/LogLine';
import type { LogsRequest as _stevedore_node_v1_LogsRequest, LogsRequest__Output as _stevedore_node_v1_LogsRequest__Output } from '../../../stevedore/node/v1/LogsRequest';
import type { RemoveContainerRequest as _stevedore_node_v1_RemoveContainerRequest, RemoveContainerRequest__Output as _stevedore_node_v1_RemoveContainerRequest__Output } from '../../../stevedore/node/v1/RemoveContainerRequest';
import type { StatsResponse as _stevedore_node_v1_StatsResponse, StatsResponse__Output as _stevedore_node_v1_StatsResponse__Output } from '../../../stevedore/node/v1/StatsResponse';
import type { StopContainerRequest as _stevedore_node_v1_StopContainerRequest, StopContainerRequest__Output as _stevedore_node_v1_StopContainerRequest__Output } from '../../../stevedore/node/v1/StopContainerRequest';
import type { VersionResponse as _stevedore_node_v1_VersionResponse, VersionResponse__Output as _stevedore_node_v1_VersionResponse__Output } from '../../../stevedore/node/v1/VersionResponse';

export interface RuntimeServiceClient extends grpc.Client {
  CommitContainer(argument: _stevedore_node_v1_CommitContainerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_ImageSummary__Output>): grpc.ClientUnaryCall;
  CommitContainer(argument: _stevedore_node_v1_CommitContainerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_ImageSummary__Output>): grpc.ClientUnaryCall;
  CommitContainer(argument: _stevedore_node_v1_CommitContainerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_ImageSummary__Output>): grpc.ClientUnaryCall;
  CommitContainer(argument: _stevedore_node_v1_CommitContainerRequest, callback: grpc.requestCallback<_stevedore_node_v1_ImageSummary__Output>): grpc.ClientUnaryCall;
  commitContainer(argument: _stevedore_node_v1_CommitContainerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_ImageSummary__Output>): grpc.ClientUnaryCall;
  commitContainer(argument: _stevedore_node_v1_CommitContainerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_ImageSummary__Output>): grpc.ClientUnaryCall;
  commitContainer(argument: _stevedore_node_v1_CommitContainerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_ImageSummary__Output>): grpc.ClientUnaryCall;
  commitContainer(argument: _stevedore_node_v1_CommitContainerRequest, callback: grpc.requestCallback<_stevedore_node_v1_ImageSummary__Output>): grpc.ClientUnaryCall;
  
  ContainerStats(argument: _stevedore_node_v1_ContainerRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_StatsResponse__Output>): grpc.ClientUnaryCall;
  ContainerStats(argument: _stevedore_node_v1_ContainerRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_StatsResponse__Output>): grpc.ClientUnaryCall;
  ContainerStats(argument: _stevedore_node_v1_ContainerRef, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_StatsResponse__Output>): grpc.ClientUnaryCall;
  ContainerStats(argument: _stevedore_node_v1_ContainerRef, callback: grpc.requestCallback<_stevedore_node_v1_StatsResponse__Output>): grpc.ClientUnaryCall;
  containerStats(argument: _stevedore_node_v1_ContainerRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_StatsResponse__Output>): grpc.ClientUnaryCall;
  containerStats(argument: _stevedore_node_v1_ContainerRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_StatsResponse__Output>): grpc.ClientUnaryCall;
  containerStats(argument: _stevedore_node_v1_ContainerRef, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_StatsResponse__Output>): grpc.ClientUnaryCall;
  containerStats(argument: _stevedore_node_v1_ContainerRef, callback: grpc.requestCallback<_stevedore_node_v1_StatsResponse__Output>): grpc.ClientUnaryCall;
  
  CreateContainer(argument: _stevedore_node_v1_CreateContainerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_ContainerSummary__Output>): grpc.ClientUnaryCall;
  CreateContainer(argument: _stevedore_node_v1_CreateContainerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_ContainerSummary__Output>): grpc.ClientUnaryCall;
  CreateContainer(argument: _stevedore_node_v1_CreateContainerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_ContainerSummary__Output>): grpc.ClientUnaryCall;
  CreateContainer(argument: _stevedore_node_v1_CreateContainerRequest, callback: grpc.requestCallback<_stevedore_node_v1_ContainerSummary__Output>): grpc.ClientUnaryCall;
  createContainer(argument: _stevedore_node_v1_CreateContainerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_ContainerSummary__Output>): grpc.ClientUnaryCall;
  createContainer(argument: _stevedore_node_v1_CreateContainerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_ContainerSummary__Output>): grpc.ClientUnaryCall;
  createContainer(argument: _stevedore_node_v1_CreateContainerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_ContainerSummary__Output>): grpc.ClientUnaryCall;
  createContainer(argument: _stevedore_node_v1_CreateContainerRequest, callback: grpc.requestCallback<_stevedore_node_v1_ContainerSummary__Output>): grpc.ClientUnaryCall;
  
  Exec(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_stevedore_node_v1_ExecInput, _stevedore_node_v1_ExecOutput__Output>;
  Exec(options?: grpc.CallOptions): grpc.ClientDuplexStream<_stevedore_node_v1_ExecInput, _stevedore_node_v1_ExecOutput__Output>;
  exec(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_stevedore_node_v1_ExecInput, _stevedore_node_v1_ExecOutput__Output>;
  exec(options?: grpc.CallOptions): grpc.ClientDuplexStream<_stevedore_node_v1_ExecInput, _stevedore_node_v1_ExecOutput__Output>;
  
  InspectContainer(argument: _stevedore_node_v1_ContainerRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  InspectContainer(argument: _stevedore_node_v1_ContainerRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  InspectContainer(argument: _stevedore_node_v1_ContainerRef, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  InspectContainer(argument: _stevedore_node_v1_ContainerRef, callback: grpc.requestCallback<_stevedore_node_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  inspectContainer(argument: _stevedore_node_v1_ContainerRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  inspectContainer(argument: _stevedore_node_v1_ContainerRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  inspectContainer(argument: _stevedore_node_v1_ContainerRef, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  inspectContainer(argument: _stevedore_node_v1_ContainerRef, callback: grpc.requestCallback<_stevedore_node_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  
  KillContainer(argument: _stevedore_node_v1_KillContainerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  KillContainer(argument: _stevedore_node_v1_KillContainerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  KillContainer(argument: _stevedore_node_v1_KillContainerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  KillContainer(argument: _stevedore_node_v1_KillContainerRequest, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  killContainer(argument: _stevedore_node_v1_KillContainerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  killContainer(argument: _stevedore_node_v1_KillContainerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  killContainer(argument: _stevedore_node_v1_KillContainerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  killContainer(argument: _stevedore_node_v1_KillContainerRequest, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  ListContainers(argument: _stevedore_node_v1_ListContainersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_ListContainersResponse__Output>): grpc.ClientUnaryCall;
  ListContainers(argument: _stevedore_node_v1_ListContainersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_ListContainersResponse__Output>): grpc.ClientUnaryCall;
  ListContainers(argument: _stevedore_node_v1_ListContainersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_ListContainersResponse__Output>): grpc.ClientUnaryCall;
  ListContainers(argument: _stevedore_node_v1_ListContainersRequest, callback: grpc.requestCallback<_stevedore_node_v1_ListContainersResponse__Output>): grpc.ClientUnaryCall;
  listContainers(argument: _stevedore_node_v1_ListContainersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_ListContainersResponse__Output>): grpc.ClientUnaryCall;
  listContainers(argument: _stevedore_node_v1_ListContainersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_ListContainersResponse__Output>): grpc.ClientUnaryCall;
  listContainers(argument: _stevedore_node_v1_ListContainersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_ListContainersResponse__Output>): grpc.ClientUnaryCall;
  listContainers(argument: _stevedore_node_v1_ListContainersRequest, callback: grpc.requestCallback<_stevedore_node_v1_ListContainersResponse__Output>): grpc.ClientUnaryCall;
  
  Logs(argument: _stevedore_node_v1_LogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_stevedore_node_v1_LogLine__Output>;
  Logs(argument: _stevedore_node_v1_LogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_stevedore_node_v1_LogLine__Output>;
  logs(argument: _stevedore_node_v1_LogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_stevedore_node_v1_LogLine__Output>;
  logs(argument: _stevedore_node_v1_LogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_stevedore_node_v1_LogLine__Output>;
  
  RemoveContainer(argument: _stevedore_node_v1_RemoveContainerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  RemoveContainer(argument: _stevedore_node_v1_RemoveContainerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  RemoveContainer(argument: _stevedore_node_v1_RemoveContainerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  RemoveContainer(argument: _stevedore_node_v1_RemoveContainerRequest, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeContainer(argument: _stevedore_node_v1_RemoveContainerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeContainer(argument: _stevedore_node_v1_RemoveContainerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeContainer(argument: _stevedore_node_v1_RemoveContainerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  removeContainer(argument: _stevedore_node_v1_RemoveContainerRequest, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  RestartContainer(argument: _stevedore_node_v1_StopContainerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  RestartContainer(argument: _stevedore_node_v1_StopContainerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  RestartContainer(argument: _stevedore_node_v1_StopContainerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  RestartContainer(argument: _stevedore_node_v1_StopContainerRequest, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  restartContainer(argument: _stevedore_node_v1_StopContainerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  restartContainer(argument: _stevedore_node_v1_StopContainerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  restartContainer(argument: _stevedore_node_v1_StopContainerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  restartContainer(argument: _stevedore_node_v1_StopContainerRequest, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  StartContainer(argument: _stevedore_node_v1_ContainerRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  StartContainer(argument: _stevedore_node_v1_ContainerRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  StartContainer(argument: _stevedore_node_v1_ContainerRef, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  StartContainer(argument: _stevedore_node_v1_ContainerRef, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  startContainer(argument: _stevedore_node_v1_ContainerRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  startContainer(argument: _stevedore_node_v1_ContainerRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  startContainer(argument: _stevedore_node_v1_ContainerRef, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  startContainer(argument: _stevedore_node_v1_ContainerRef, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  StopContainer(argument: _stevedore_node_v1_StopContainerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  StopContainer(argument: _stevedore_node_v1_StopContainerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  StopContainer(argument: _stevedore_node_v1_StopContainerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  StopContainer(argument: _stevedore_node_v1_StopContainerRequest, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  stopContainer(argument: _stevedore_node_v1_StopContainerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  stopContainer(argument: _stevedore_node_v1_StopContainerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  stopContainer(argument: _stevedore_node_v1_StopContainerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  stopContainer(argument: _stevedore_node_v1_StopContainerRequest, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  Version(argument: _stevedore_node_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  Version(argument: _stevedore_node_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  Version(argument: _stevedore_node_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  Version(argument: _stevedore_node_v1_Empty, callback: grpc.requestCallback<_stevedore_node_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  version(argument: _stevedore_node_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  version(argument: _stevedore_node_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  version(argument: _stevedore_node_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  version(argument: _stevedore_node_v1_Empty, callback: grpc.requestCallback<_stevedore_node_v1_VersionResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface RuntimeServiceHandlers extends grpc.UntypedServiceImplementation {
  CommitContainer: grpc.handleUnaryCall<_stevedore_node_v1_CommitContainerRequest__Output, _stevedore_node_v1_ImageSummary>;
  
  ContainerStats: grpc.handleUnaryCall<_stevedore_node_v1_ContainerRef__Output, _stevedore_node_v1_StatsResponse>;
  
  CreateContainer: grpc.handleUnaryCall<_stevedore_node_v1_CreateContainerRequest__Output, _stevedore_node_v1_ContainerSummary>;
  
  Exec: grpc.handleBidiStreamingCall<_stevedore_node_v1_ExecInput__Output, _stevedore_node_v1_ExecOutput>;
  
  InspectContainer: grpc.handleUnaryCall<_stevedore_node_v1_ContainerRef__Output, _stevedore_node_v1_InspectResponse>;
  
  KillContainer: grpc.handleUnaryCall<_stevedore_node_v1_KillContainerRequest__Output, _stevedore_node_v1_Empty>;
  
  ListContainers: grpc.handleUnaryCall<_stevedore_node_v1_ListContainersRequest__Output, _stevedore_node_v1_ListContainersResponse>;
  
  Logs: grpc.handleServerStreamingCall<_stevedore_node_v1_LogsRequest__Output, _stevedore_node_v1_LogLine>;
  
  RemoveContainer: grpc.handleUnaryCall<_stevedore_node_v1_RemoveContainerRequest__Output, _stevedore_node_v1_Empty>;
  
  RestartContainer: grpc.handleUnaryCall<_stevedore_node_v1_StopContainerRequest__Output, _stevedore_node_v1_Empty>;
  
  StartContainer: grpc.handleUnaryCall<_stevedore_node_v1_ContainerRef__Output, _stevedore_node_v1_Empty>;
  
  StopContainer: grpc.handleUnaryCall<_stevedore_node_v1_StopContainerRequest__Output, _stevedore_node_v1_Empty>;
  
  Version: grpc.handleUnaryCall<_stevedore_node_v1_Empty__Output, _stevedore_node_v1_VersionResponse>;
  
}

export interface RuntimeServiceDefinition extends grpc.ServiceDefinition {
  CommitContainer: MethodDefinition<_stevedore_node_v1_CommitContainerRequest, _stevedore_node_v1_ImageSummary, _stevedore_node_v1_CommitContainerRequest__Output, _stevedore_node_v1_ImageSummary__Output>
  ContainerStats: MethodDefinition<_stevedore_node_v1_ContainerRef, _stevedore_node_v1_StatsResponse, _stevedore_node_v1_ContainerRef__Output, _stevedore_node_v1_StatsResponse__Output>
  CreateContainer: MethodDefinition<_stevedore_node_v1_CreateContainerRequest, _stevedore_node_v1_ContainerSummary, _stevedore_node_v1_CreateContainerRequest__Output, _stevedore_node_v1_ContainerSummary__Output>
  Exec: MethodDefinition<_stevedore_node_v1_ExecInput, _stevedore_node_v1_ExecOutput, _stevedore_node_v1_ExecInput__Output, _stevedore_node_v1_ExecOutput__Output>
  InspectContainer: MethodDefinition<_stevedore_node_v1_ContainerRef, _stevedore_node_v1_InspectResponse, _stevedore_node_v1_ContainerRef__Output, _stevedore_node_v1_InspectResponse__Output>
  KillContainer: MethodDefinition<_stevedore_node_v1_KillContainerRequest, _stevedore_node_v1_Empty, _stevedore_node_v1_KillContainerRequest__Output, _stevedore_node_v1_Empty__Output>
  ListContainers: MethodDefinition<_stevedore_node_v1_ListContainersRequest, _stevedore_node_v1_ListContainersResponse, _stevedore_node_v1_ListContainersRequest__Output, _stevedore_node_v1_ListContainersResponse__Output>
  Logs: MethodDefinition<_stevedore_node_v1_LogsRequest, _stevedore_node_v1_LogLine, _stevedore_node_v1_LogsRequest__Output, _stevedore_node_v1_LogLine__Output>
  RemoveContainer: MethodDefinition<_stevedore_node_v1_RemoveContainerRequest, _stevedore_node_v1_Empty, _stevedore_node_v1_RemoveContainerRequest__Output, _stevedore_node_v1_Empty__Output>
  RestartContainer: MethodDefinition<_stevedore_node_v1_StopContainerRequest, _stevedore_node_v1_Empty, _stevedore_node_v1_StopContainerRequest__Output, _stevedore_node_v1_Empty__Output>
  StartContainer: MethodDefinition<_stevedore_node_v1_ContainerRef, _stevedore_node_v1_Empty, _stevedore_node_v1_ContainerRef__Output, _stevedore_node_v1_Empty__Output>
  StopContainer: MethodDefinition<_stevedore_node_v1_StopContainerRequest, _stevedore_node_v1_Empty, _stevedore_node_v1_StopContainerRequest__Output, _stevedore_node_v1_Empty__Output>
  Version: MethodDefinition<_stevedore_node_v1_Empty, _stevedore_node_v1_VersionResponse, _stevedore_node_v1_Empty__Output, _stevedore_node_v1_VersionResponse__Output>
}
