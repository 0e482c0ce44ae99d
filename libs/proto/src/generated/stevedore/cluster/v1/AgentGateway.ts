// Original file: proto/stevedore/cluster/v1/cluster.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AgentMessage as _stevedore_cluster_v1_AgentMessage, AgentMessage__Output as _stevedore_cluster_v1_AgentMessage__Output } from '../../../stevedore/cluster/v1/AgentMessage';
import type { FetchRequest as _stevedore_cluster_v1_FetchRequest, FetchRequest__Output as _stevedore_cluster_v1_FetchRequest__Output } from '../../../stevedore/cluster/v1/FetchRequest';
import type { FetchResponse as _stevedore_cluster_v1_FetchResponse, FetchResponse__Output as _stevedore_cluster_v1_FetchResponse__Output } from '../../../stevedore/cluster/v1/FetchResponse';
import type { PodTokenRequest as _stevedore_cluster_v1_PodTokenRequest, PodTokenRequest__Output as _stevedore_cluster_v1_PodTokenRequest__Output } from '../../../stevedore/cluster/v1/PodTokenRequest';
import type { PodTokenResponse as _stevedore_cluster_v1_PodTokenResponse, PodTokenResponse__Output as _stevedore_cluster_v1_PodTokenResponse__Output } from '../../../stevedore/cluster/v1/PodTokenResponse';
import type { ServerMessage as _stevedore_cluster_v1_ServerMessage, ServerMessage__Output as _stevedore_cluster_v1_ServerMessage__Output } from '../../../stevedore/cluster/v1/ServerMessage';
import type { TunnelFrame as _stevedore_cluster_v1_TunnelFrame, TunnelFrame__Output as _stevedore_cluster_v1_TunnelFrame__Output } from '../../../stevedore/cluster/v1/TunnelFrame';

export interface AgentGatewayClient extends grpc.Client {
  Connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_stevedore_cluster_v1_AgentMessage, _stevedore_cluster_v1_ServerMessage__Output>;
  Connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_stevedore_cluster_v1_AgentMessage, _stevedore_cluster_v1_ServerMessage__Output>;
  connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_stevedore_cluster_v1_AgentMessage, _stevedore_cluster_v1_ServerMessage__Output>;
  connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_stevedore_cluster_v1_AgentMessage, _stevedore_cluster_v1_ServerMessage__Output>;
  
  Fetch(argument: _stevedore_cluster_v1_FetchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_cluster_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  Fetch(argument: _stevedore_cluster_v1_FetchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_cluster_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  Fetch(argument: _stevedore_cluster_v1_FetchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_cluster_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  Fetch(argument: _stevedore_cluster_v1_FetchRequest, callback: grpc.requestCallback<_stevedore_cluster_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _stevedore_cluster_v1_FetchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_cluster_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _stevedore_cluster_v1_FetchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_cluster_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _stevedore_cluster_v1_FetchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_cluster_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _stevedore_cluster_v1_FetchRequest, callback: grpc.requestCallback<_stevedore_cluster_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  
  PodToken(argument: _stevedore_cluster_v1_PodTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_cluster_v1_PodTokenResponse__Output>): grpc.ClientUnaryCall;
  PodToken(argument: _stevedore_cluster_v1_PodTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_cluster_v1_PodTokenResponse__Output>): grpc.ClientUnaryCall;
  PodToken(argument: _stevedore_cluster_v1_PodTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_cluster_v1_PodTokenResponse__Output>): grpc.ClientUnaryCall;
  PodToken(argument: _stevedore_cluster_v1_PodTokenRequest, callback: grpc.requestCallback<_stevedore_cluster_v1_PodTokenResponse__Output>): grpc.ClientUnaryCall;
  podToken(argument: _stevedore_cluster_v1_PodTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_cluster_v1_PodTokenResponse__Output>): grpc.ClientUnaryCall;
  podToken(argument: _stevedore_cluster_v1_PodTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_cluster_v1_PodTokenResponse__Output>): grpc.ClientUnaryCall;
  podToken(argument: _stevedore_cluster_v1_PodTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_cluster_v1_PodTokenResponse__Output>): grpc.ClientUnaryCall;
  podToken(argument: _stevedore_cluster_v1_PodTokenRequest, callback: grpc.requestCallback<_stevedore_cluster_v1_PodTokenResponse__Output>): grpc.ClientUnaryCall;
  
  Tunnel(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_stevedore_cluster_v1_TunnelFrame, _stevedore_cluster_v1_TunnelFrame__Output>;
  Tunnel(options?: grpc.CallOptions): grpc.ClientDuplexStream<_stevedore_cluster_v1_TunnelFrame, _stevedore_cluster_v1_TunnelFrame__Output>;
  tunnel(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_stevedore_cluster_v1_TunnelFrame, _stevedore_cluster_v1_TunnelFrame__Output>;
  tunnel(options?: grpc.CallOptions): grpc.ClientDuplexStream<_stevedore_cluster_v1_TunnelFrame, _stevedore_cluster_v1_TunnelFrame__Output>;
  
}

export interface AgentGatewayHandlers extends grpc.UntypedServiceImplementation {
  Connect: grpc.handleBidiStreamingCall<_stevedore_cluster_v1_AgentMessage__Output, _stevedore_cluster_v1_ServerMessage>;
  
  Fetch: grpc.handleUnaryCall<_stevedore_cluster_v1_FetchRequest__Output, _stevedore_cluster_v1_FetchResponse>;
  
  PodToken: grpc.handleUnaryCall<_stevedore_cluster_v1_PodTokenRequest__Output, _stevedore_cluster_v1_PodTokenResponse>;
  
  Tunnel: grpc.handleBidiStreamingCall<_stevedore_cluster_v1_TunnelFrame__Output, _stevedore_cluster_v1_TunnelFrame>;
  
}

export interface AgentGatewayDefinition extends grpc.ServiceDefinition {
  Connect: MethodDefinition<_stevedore_cluster_v1_AgentMessage, _stevedore_cluster_v1_ServerMessage, _stevedore_cluster_v1_AgentMessage__Output, _stevedore_cluster_v1_ServerMessage__Output>
  Fetch: MethodDefinition<_stevedore_cluster_v1_FetchRequest, _stevedore_cluster_v1_FetchResponse, _stevedore_cluster_v1_FetchRequest__Output, _stevedore_cluster_v1_FetchResponse__Output>
  PodToken: MethodDefinition<_stevedore_cluster_v1_PodTokenRequest, _stevedore_cluster_v1_PodTokenResponse, _stevedore_cluster_v1_PodTokenRequest__Output, _stevedore_cluster_v1_PodTokenResponse__Output>
  Tunnel: MethodDefinition<_stevedore_cluster_v1_TunnelFrame, _stevedore_cluster_v1_TunnelFrame, _stevedore_cluster_v1_TunnelFrame__Output, _stevedore_cluster_v1_TunnelFrame__Output>
}
