// Original file: proto/stevedore/node/v1/node.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { BuildEvent as _stevedore_node_v1_BuildEvent, BuildEvent__Output as _stevedore_node_v1_BuildEvent__Output } from '../../../stevedore/node/v1/BuildEvent';
import type { BuildRequest as _stevedore_node_v1_BuildRequest, BuildRequest__Output as _stevedore_node_v1_BuildRequest__Output } from '../../../stevedore/node/v1/BuildRequest';

export interface BuildServiceClient extends grpc.Client {
  Build(argument: _stevedore_node_v1_BuildRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_stevedore_node_v1_BuildEvent__Output>;
  Build(argument: _stevedore_node_v1_BuildRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_stevedore_node_v1_BuildEvent__Output>;
  build(argument: _stevedore_node_v1_BuildRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_stevedore_node_v1_BuildEvent__Output>;
  build(argument: _stevedore_node_v1_BuildRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_stevedore_node_v1_BuildEvent__Output>;
  
}

export interface BuildServiceHandlers extends grpc.UntypedServiceImplementation {
  Build: grpc.handleServerStreamingCall<_stevedore_node_v1_BuildRequest__Output, _stevedore_node_v1_BuildEvent>;
  
}

export interface BuildServiceDefinition extends grpc.ServiceDefinition {
  Build: MethodDefinition<_stevedore_node_v1_BuildRequest, _stevedore_node_v1_BuildEvent, _stevedore_node_v1_BuildRequest__Output, _stevedore_node_v1_BuildEvent__Output>
}
