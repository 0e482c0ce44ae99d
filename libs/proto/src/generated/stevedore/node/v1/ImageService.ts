// Original file: proto/stevedore/node/v1/node.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Empty as _stevedore_node_v1_Empty, Empty__Output as _stevedore_node_v1_Empty__Output } from '../../../stevedore/node/v1/Empty';
import type { ImageRef as _stevedore_node_v1_ImageRef, ImageRef__Output as _stevedore_node_v1_ImageRef__Output } from '../../../stevedore/node/v1/ImageRef';
import type { InspectResponse as _stevedore_node_v1_InspectResponse, InspectResponse__Output as _stevedore_node_v1_InspectResponse__Output } from '../../../stevedore/node/v1/InspectResponse';
import type { ListImagesResponse as _stevedore_node_v1_ListImagesResponse, ListImagesResponse__Output as _stevedore_node_v1_ListImagesResponse__Output } from '../../../stevedore/node/v1/ListImagesResponse';
import type { LoadImagesRequest as _stevedore_node_v1_LoadImagesRequest, LoadImagesRequest__Output as _stevedore_node_v1_LoadImagesRequest__Output } from '../../../stevedore/node/v1/LoadImagesRequest';
import type { LoadImagesResponse as _stevedore_node_v1_LoadImagesResponse, LoadImagesResponse__Output as _stevedore_node_v1_LoadImagesResponse__Output } from '../../../stevedore/node/v1/LoadImagesResponse';
import type { ProgressEvent as _stevedore_node_v1_ProgressEvent, ProgressEvent__Output as _stevedore_node_v1_ProgressEvent__Output } from '../../../stevedore/node/v1/ProgressEvent';
import type { PruneImagesResponse as _stevedore_node_v1_PruneImagesResponse, PruneImagesResponse__Output as _stevedore_node_v1_PruneImagesResponse__Output } from '../../../stevedore/node/v1/PruneImagesResponse';
import type { PullImageRequest as _stevedore_node_v1_PullImageRequest, PullImageRequest__Output as _stevedore_node_v1_PullImageRequest__Output } from '../../../stevedore/node/v1/PullImageRequest';
import type { PushImageRequest as _stevedore_node_v1_PushImageRequest, PushImageRequest__Output as _stevedore_node_v1_PushImageRequest__Output } from '../../../stevedore/node/v1/PushImageRequest';
import type { RemoveImageRequest as _stevedore_node_v1_RemoveImageRequest, RemoveImageRequest__Output as _stevedore_node_v1_RemoveImageRequest__Output } from '../../../stevedore/node/v1/RemoveImageRequest';
import type { RemoveImageResponse as _stevedore_node_v1_RemoveImageResponse, RemoveImageResponse__Output as _stevedore_node_v1_RemoveImageResponse__Output } from '../../../stevedore/node/v1/RemoveImageResponse';
import type { SaveImagesRequest as _stevedore_node_v1_SaveImagesRequest, SaveImagesRequest__Output as _stevedore_node_v1_SaveImagesRequest__Output } from '../../../stevedore/node/v1/SaveImagesRequest';
import type { TagImageRequest as _stevedore_node_v1_TagImageRequest, TagImageRequest__Output as _stevedore_node_v1_TagImageRequest__Output } from '../../../stevedore/node/v1/TagImageRequest';

export interface ImageServiceClient extends grpc.Client {
  InspectImage(argument: _stevedore_node_v1_ImageRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  InspectImage(argument: _stevedore_node_v1_ImageRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  InspectImage(argument: _stevedore_node_v1_ImageRef, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  InspectImage(argument: _stevedore_node_v1_ImageRef, callback: grpc.requestCallback<_stevedore_node_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  inspectImage(argument: _stevedore_node_v1_ImageRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  inspectImage(argument: _stevedore_node_v1_ImageRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  inspectImage(argument: _stevedore_node_v1_ImageRef, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  inspectImage(argument: _stevedore_node_v1_ImageRef, callback: grpc.requestCallback<_stevedore_node_v1_InspectResponse__Output>): grpc.ClientUnaryCall;
  
  ListImages(argument: _stevedore_node_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_ListImagesResponse__Output>): grpc.ClientUnaryCall;
  ListImages(argument: _stevedore_node_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_ListImagesResponse__Output>): grpc.ClientUnaryCall;
  ListImages(argument: _stevedore_node_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_ListImagesResponse__Output>): grpc.ClientUnaryCall;
  ListImages(argument: _stevedore_node_v1_Empty, callback: grpc.requestCallback<_stevedore_node_v1_ListImagesResponse__Output>): grpc.ClientUnaryCall;
  listImages(argument: _stevedore_node_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_ListImagesResponse__Output>): grpc.ClientUnaryCall;
  listImages(argument: _stevedore_node_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_ListImagesResponse__Output>): grpc.ClientUnaryCall;
  listImages(argument: _stevedore_node_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_ListImagesResponse__Output>): grpc.ClientUnaryCall;
  listImages(argument: _stevedore_node_v1_Empty, callback: grpc.requestCallback<_stevedore_node_v1_ListImagesResponse__Output>): grpc.ClientUnaryCall;
  
  LoadImages(argument: _stevedore_node_v1_LoadImagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_LoadImagesResponse__Output>): grpc.ClientUnaryCall;
  LoadImages(argument: _stevedore_node_v1_LoadImagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_LoadImagesResponse__Output>): grpc.ClientUnaryCall;
  LoadImages(argument: _stevedore_node_v1_LoadImagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_LoadImagesResponse__Output>): grpc.ClientUnaryCall;
  LoadImages(argument: _stevedore_node_v1_LoadImagesRequest, callback: grpc.requestCallback<_stevedore_node_v1_LoadImagesResponse__Output>): grpc.ClientUnaryCall;
  loadImages(argument: _stevedore_node_v1_LoadImagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_LoadImagesResponse__Output>): grpc.ClientUnaryCall;
  loadImages(argument: _stevedore_node_v1_LoadImagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_LoadImagesResponse__Output>): grpc.ClientUnaryCall;
  loadImages(argument: _stevedore_node_v1_LoadImagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_LoadImagesResponse__Output>): grpc.ClientUnaryCall;
  loadImages(argument: _stevedore_node_v1_LoadImagesRequest, callback: grpc.requestCallback<_stevedore_node_v1_LoadImagesResponse__Output>): grpc.ClientUnaryCall;
  
  PruneImages(argument: _stevedore_node_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_PruneImagesResponse__Output>): grpc.ClientUnaryCall;
  PruneImages(argument: _stevedore_node_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_PruneImagesResponse__Output>): grpc.ClientUnaryCall;
  PruneImages(argument: _stevedore_node_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_PruneImagesResponse__Output>): grpc.ClientUnaryCall;
  PruneImages(argument: _stevedore_node_v1_Empty, callback: grpc.requestCallback<_stevedore_node_v1_PruneImagesResponse__Output>): grpc.ClientUnaryCall;
  pruneImages(argument: _stevedore_node_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_PruneImagesResponse__Output>): grpc.ClientUnaryCall;
  pruneImages(argument: _stevedore_node_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_PruneImagesResponse__Output>): grpc.ClientUnaryCall;
  pruneImages(argument: _stevedore_node_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_PruneImagesResponse__Output>): grpc.ClientUnaryCall;
  pruneImages(argument: _stevedore_node_v1_Empty, callback: grpc.requestCallback<_stevedore_node_v1_PruneImagesResponse__Output>): grpc.ClientUnaryCall;
  
  PullImage(argument: _stevedore_node_v1_PullImageRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_stevedore_node_v1_ProgressEvent__Output>;
  PullImage(argument: _stevedore_node_v1_PullImageRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_stevedore_node_v1_ProgressEvent__Output>;
  pullImage(argument: _stevedore_node_v1_PullImageRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_stevedore_node_v1_ProgressEvent__Output>;
  pullImage(argument: _stevedore_node_v1_PullImageRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_stevedore_node_v1_ProgressEvent__Output>;
  
  PushImage(argument: _stevedore_node_v1_PushImageRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_stevedore_node_v1_ProgressEvent__Output>;
  PushImage(argument: _stevedore_node_v1_PushImageRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_stevedore_node_v1_ProgressEvent__Output>;
  pushImage(argument: _stevedore_node_v1_PushImageRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_stevedore_node_v1_ProgressEvent__Output>;
  pushImage(argument: _stevedore_node_v1_PushImageRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_stevedore_node_v1_ProgressEvent__Output>;
  
  RemoveImage(argument: _stevedore_node_v1_RemoveImageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_RemoveImageResponse__Output>): grpc.ClientUnaryCall;
  RemoveImage(argument: _stevedore_node_v1_RemoveImageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_RemoveImageResponse__Output>): grpc.ClientUnaryCall;
  RemoveImage(argument: _stevedore_node_v1_RemoveImageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_RemoveImageResponse__Output>): grpc.ClientUnaryCall;
  RemoveImage(argument: _stevedore_node_v1_RemoveImageRequest, callback: grpc.requestCallback<_stevedore_node_v1_RemoveImageResponse__Output>): grpc.ClientUnaryCall;
  removeImage(argument: _stevedore_node_v1_RemoveImageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_RemoveImageResponse__Output>): grpc.ClientUnaryCall;
  removeImage(argument: _stevedore_node_v1_RemoveImageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_RemoveImageResponse__Output>): grpc.ClientUnaryCall;
  removeImage(argument: _stevedore_node_v1_RemoveImageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_RemoveImageResponse__Output>): grpc.ClientUnaryCall;
  removeImage(argument: _stevedore_node_v1_RemoveImageRequest, callback: grpc.requestCallback<_stevedore_node_v1_RemoveImageResponse__Output>): grpc.ClientUnaryCall;
  
  SaveImages(argument: _stevedore_node_v1_SaveImagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  SaveImages(argument: _stevedore_node_v1_SaveImagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  SaveImages(argument: _stevedore_node_v1_SaveImagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  SaveImages(argument: _stevedore_node_v1_SaveImagesRequest, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  saveImages(argument: _stevedore_node_v1_SaveImagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  saveImages(argument: _stevedore_node_v1_SaveImagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  saveImages(argument: _stevedore_node_v1_SaveImagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  saveImages(argument: _stevedore_node_v1_SaveImagesRequest, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  TagImage(argument: _stevedore_node_v1_TagImageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  TagImage(argument: _stevedore_node_v1_TagImageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  TagImage(argument: _stevedore_node_v1_TagImageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  TagImage(argument: _stevedore_node_v1_TagImageRequest, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  tagImage(argument: _stevedore_node_v1_TagImageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  tagImage(argument: _stevedore_node_v1_TagImageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  tagImage(argument: _stevedore_node_v1_TagImageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  tagImage(argument: _stevedore_node_v1_TagImageRequest, callback: grpc.requestCallback<_stevedore_node_v1_Empty__Output>): grpc.ClientUnaryCall;
  
}

export interface ImageServiceHandlers extends grpc.UntypedServiceImplementation {
  InspectImage: grpc.handleUnaryCall<_stevedore_node_v1_ImageRef__Output, _stevedore_node_v1_InspectResponse>;
  
  ListImages: grpc.handleUnaryCall<_stevedore_node_v1_Empty__Output, _stevedore_node_v1_ListImagesResponse>;
  
  LoadImages: grpc.handleUnaryCall<_stevedore_node_v1_LoadImagesRequest__Output, _stevedore_node_v1_LoadImagesResponse>;
  
  PruneImages: grpc.handleUnaryCall<_stevedore_node_v1_Empty__Output, _stevedore_node_v1_PruneImagesResponse>;
  
  PullImage: grpc.handleServerStreamingCall<_stevedore_node_v1_PullImageRequest__Output, _stevedore_node_v1_ProgressEvent>;
  
  PushImage: grpc.handleServerStreamingCall<_stevedore_node_v1_PushImageRequest__Output, _stevedore_node_v1_ProgressEvent>;
  
  RemoveImage: grpc.handleUnaryCall<_stevedore_node_v1_RemoveImageRequest__Output, _stevedore_node_v1_RemoveImageResponse>;
  
  SaveImages: grpc.handleUnaryCall<_stevedore_node_v1_SaveImagesRequest__Output, _stevedore_node_v1_Empty>;
  
  TagImage: grpc.handleUnaryCall<_stevedore_node_v1_TagImageRequest__Output, _stevedore_node_v1_Empty>;
  
}

export interface ImageServiceDefinition extends grpc.ServiceDefinition {
  InspectImage: MethodDefinition<_stevedore_node_v1_ImageRef, _stevedore_node_v1_InspectResponse, _stevedore_node_v1_ImageRef__Output, _stevedore_node_v1_InspectResponse__Output>
  ListImages: MethodDefinition<_stevedore_node_v1_Empty, _stevedore_node_v1_ListImagesResponse, _stevedore_node_v1_Empty__Output, _stevedore_node_v1_ListImagesResponse__Output>
  LoadImages: MethodDefinition<_stevedore_node_v1_LoadImagesRequest, _stevedore_node_v1_LoadImagesResponse, _stevedore_node_v1_LoadImagesRequest__Output, _stevedore_node_v1_LoadImagesResponse__Output>
  PruneImages: MethodDefinition<_stevedore_node_v1_Empty, _stevedore_node_v1_PruneImagesResponse, _stevedore_node_v1_Empty__Output, _stevedore_node_v1_PruneImagesResponse__Output>
  PullImage: MethodDefinition<_stevedore_node_v1_PullImageRequest, _stevedore_node_v1_ProgressEvent, _stevedore_node_v1_PullImageRequest__Output, _stevedore_node_v1_ProgressEvent__Output>
  PushImage: MethodDefinition<_stevedore_node_v1_PushImageRequest, _stevedore_node_v1_ProgressEvent, _stevedore_node_v1_PushImageRequest__Output, _stevedore_node_v1_ProgressEvent__Output>
  RemoveImage: MethodDefinition<_stevedore_node_v1_RemoveImageRequest, _stevedore_node_v1_RemoveImageResponse, _stevedore_node_v1_RemoveImageRequest__Output, _stevedore_node_v1_RemoveImageResponse__Output>
  SaveImages: MethodDefinition<_stevedore_node_v1_SaveImagesRequest, _stevedore_node_v1_Empty, _stevedore_node_v1_SaveImagesRequest__Output, _stevedore_node_v1_Empty__Output>
  TagImage: MethodDefinition<_stevedore_node_v1_TagImageRequest, _stevedore_node_v1_Empty, _stevedore_node_v1_TagImageRequest__Output, _stevedore_node_v1_Empty__Output>
}
