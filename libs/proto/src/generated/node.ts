import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { BuildEvent as _stevedore_node_v1_BuildEvent, BuildEvent__Output as _stevedore_node_v1_BuildEvent__Output } from './stevedore/node/v1/BuildEvent';
import type { BuildRequest as _stevedore_node_v1_BuildRequest, BuildRequest__Output as _stevedore_node_v1_BuildRequest__Output } from './stevedore/node/v1/BuildRequest';
import type { BuildServiceClient as _stevedore_node_v1_BuildServiceClient, BuildServiceDefinition as _stevedore_node_v1_BuildServiceDefinition } from './stevedore/node/v1/BuildService';
import type { CommitContainerRequest as _stevedore_node_v1_CommitContainerRequest, CommitContainerRequest__Output as _stevedore_node_v1_CommitContainerRequest__Output } from './stevedore/node/v1/CommitContainerRequest';
import type { ContainerRef as _stevedore_node_v1_ContainerRef, ContainerRef__Output as _stevedore_node_v1_ContainerRef__Output } from './stevedore/node/v1/ContainerRef';
import type { ContainerSummary as _stevedore_node_v1_ContainerSummary, ContainerSummary__Output as _stevedore_node_v1_ContainerSummary__Output } from './stevedore/node/v1/ContainerSummary';
import type { CreateContainerRequest as _stevedore_node_v1_CreateContainerRequest, CreateContainerRequest__Output as _stevedore_node_v1_CreateContainerRequest__Output } from './stevedore/node/v1/CreateContainerRequest';
import type { Empty as _stevedore_node_v1_Empty, Empty__Output as _stevedore_node_v1_Empty__Output } from './stevedore/node/v1/Empty';
import type { ExecInput as _stevedore_node_v1_ExecInput, ExecInput__Output as _stevedore_node_v1_ExecInput__Output } from './stevedore/node/v1/ExecInput';
import type { ExecOutput as _stevedore_node_v1_ExecOutput, ExecOutput__Output as _stevedore_node_v1_ExecOutput__Output } from './stevedore/node/v1/ExecOutput';
import type { ImageRef as _stevedore_node_v1_ImageRef, ImageRef__Output as _stevedore_node_v1_ImageRef__Output } from './stevedore/node/v1/ImageRef';
import type { ImageServiceClient as _stevedore_node_v1_ImageServiceClient, ImageServiceDefinition as _stevedore_node_v1_ImageServiceDefinition } from './stevedore/node/v1/ImageService';
import type { ImageSummary as _stevedore_node_v1_ImageSummary, ImageSummary__Output as _stevedore_node_v1_ImageSummary__Output } from './stevedore/node/v1/ImageSummary';
import type { InspectResponse as _stevedore_node_v1_InspectResponse, InspectResponse__Output as _stevedore_node_v1_InspectResponse__Output } from './stevedore/node/v1/InspectResponse';
import type { KillContainerRequest as _stevedore_node_v1_KillContainerRequest, KillContainerRequest__Output as _stevedore_node_v1_KillContainerRequest__Output } from './stevedore/node/v1/KillContainerRequest';
import type { ListContainersRequest as _stevedore_node_v1_ListContainersRequest, ListContainersRequest__Output as _stevedore_node_v1_ListContainersRequest__Output } from './stevedore/node/v1/ListContainersRequest';
import type { ListContainersResponse as _stevedore_node_v1_ListContainersResponse, ListContainersResponse__Output as _stevedore_node_v1_ListContainersResponse__Output } from './stevedore/node/v1/ListContainersResponse';
import type { ListImagesResponse as _stevedore_node_v1_ListImagesResponse, ListImagesResponse__Output as _stevedore_node_v1_ListImagesResponse__Output } from './stevedore/node/v1/ListImagesResponse';
import type { LoadImagesRequest as _stevedore_node_v1_LoadImagesRequest, LoadImagesRequest__Output as _stevedore_node_v1_LoadImagesRequest__Output } from './stevedore/node/v1/LoadImagesRequest';
import type { LoadImagesResponse as _stevedore_node_v1_LoadImagesResponse, LoadImagesResponse__Output as _stevedore_node_v1_LoadImagesResponse__Output } from './stevedore/node/v1/LoadImagesResponse';
import type { LoadedImage as _stevedore_node_v1_LoadedImage, LoadedImage__Output as _stevedore_node_v1_LoadedImage__Output } from './stevedore/node/v1/LoadedImage';
import type { LogLine as _stevedore_node_v1_LogLine, LogLine__Output as _stevedore_node_v1_LogLine__Output } from './stevedore/node/v1/LogLine';
import type { LogsRequest as _stevedore_node_v1_LogsRequest, LogsRequest__Output as _stevedore_node_v1_LogsRequest__Output } from './stevedore/node/v1/LogsRequest';
import type { Mount as _stevedore_node_v1_Mount, Mount__Output as _stevedore_node_v1_Mount__Output } from './stevedore/node/v1/Mount';
import type { ProgressEvent as _stevedore_node_v1_ProgressEvent, ProgressEvent__Output as _stevedore_node_v1_ProgressEvent__Output } from './stevedore/node/v1/ProgressEvent';
import type { PruneImagesResponse as _stevedore_node_v1_PruneImagesResponse, PruneImagesResponse__Output as _stevedore_node_v1_PruneImagesResponse__Output } from './stevedore/node/v1/PruneImagesResponse';
import type { PullImageRequest as _stevedore_node_v1_PullImageRequest, PullImageRequest__Output as _stevedore_node_v1_PullImageRequest__Output } from './stevedore/node/v1/PullImageRequest';
import type { PushImageRequest as _stevedore_node_v1_PushImageRequest, PushImageRequest__Output as _stevedore_node_v1_PushImageRequest__Output } from './stevedore/node/v1/PushImageRequest';
import type { RemoveContainerRequest as _stevedore_node_v1_RemoveContainerRequest, RemoveContainerRequest__Output as _stevedore_node_v1_RemoveContainerRequest__Output } from './stevedore/node/v1/RemoveContainerRequest';
import type { RemoveImageRequest as _stevedore_node_v1_RemoveImageRequest, RemoveImageRequest__Output as _stevedore_node_v1_RemoveImageRequest__Output } from './stevedore/node/v1/RemoveImageRequest';
import type { RemoveImageResponse as _stevedore_node_v1_RemoveImageResponse, RemoveImageResponse__Output as _stevedore_node_v1_RemoveImageResponse__Output } from './stevedore/node/v1/RemoveImageResponse';
import type { RuntimeServiceClient as _stevedore_node_v1_RuntimeServiceClient, RuntimeServiceDefinition as _stevedore_node_v1_RuntimeServiceDefinition } from './stevedore/node/v1/RuntimeService';
import type { SaveImagesRequest as _stevedore_node_v1_SaveImagesRequest, SaveImagesRequest__Output as _stevedore_node_v1_SaveImagesRequest__Output } from './stevedore/node/v1/SaveImagesRequest';
import type { StatsResponse as _stevedore_node_v1_StatsResponse, StatsResponse__Output as _stevedore_node_v1_StatsResponse__Output } from './stevedore/node/v1/StatsResponse';
import type { StopContainerRequest as _stevedore_node_v1_StopContainerRequest, StopContainerRequest__Output as _stevedore_node_v1_StopContainerRequest__Output } from './stevedore/node/v1/StopContainerRequest';
import type { TagImageRequest as _stevedore_node_v1_TagImageRequest, TagImageRequest__Output as _stevedore_node_v1_TagImageRequest__Output } from './stevedore/node/v1/TagImageRequest';
import type { VersionResponse as _stevedore_node_v1_VersionResponse, VersionResponse__Output as _stevedore_node_v1_VersionResponse__Output } from './stevedore/node/v1/VersionResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  stevedore: {
    node: {
      v1: {
        BuildEvent: MessageTypeDefinition<_stevedore_node_v1_BuildEvent, _stevedore_node_v1_BuildEvent__Output>
        BuildRequest: MessageTypeDefinition<_stevedore_node_v1_BuildRequest, _stevedore_node_v1_BuildRequest__Output>
        BuildService: SubtypeConstructor<typeof grpc.Client, _stevedore_node_v1_BuildServiceClient> & { service: _stevedore_node_v1_BuildServiceDefinition }
        CommitContainerRequest: MessageTypeDefinition<_stevedore_node_v1_CommitContainerRequest, _stevedore_node_v1_CommitContainerRequest__Output>
        ContainerRef: MessageTypeDefinition<_stevedore_node_v1_ContainerRef, _stevedore_node_v1_ContainerRef__Output>
        ContainerSummary: MessageTypeDefinition<_stevedore_node_v1_ContainerSummary, _stevedore_node_v1_ContainerSummary__Output>
        CreateContainerRequest: MessageTypeDefinition<_stevedore_node_v1_CreateContainerRequest, _stevedore_node_v1_CreateContainerRequest__Output>
        Empty: MessageTypeDefinition<_stevedore_node_v1_Empty, _stevedore_node_v1_Empty__Output>
        ExecInput: MessageTypeDefinition<_stevedore_node_v1_ExecInput, _stevedore_node_v1_ExecInput__Output>
        ExecOutput: MessageTypeDefinition<_stevedore_node_v1_ExecOutput, _stevedore_node_v1_ExecOutput__Output>
        ImageRef: MessageTypeDefinition<_stevedore_node_v1_ImageRef, _stevedore_node_v1_ImageRef__Output>
        ImageService: SubtypeConstructor<typeof grpc.Client, _stevedore_node_v1_ImageServiceClient> & { service: _stevedore_node_v1_ImageServiceDefinition }
        ImageSummary: MessageTypeDefinition<_stevedore_node_v1_ImageSummary, _stevedore_node_v1_ImageSummary__Output>
        InspectResponse: MessageTypeDefinition<_stevedore_node_v1_InspectResponse, _stevedore_node_v1_InspectResponse__Output>
        KillContainerRequest: MessageTypeDefinition<_stevedore_node_v1_KillContainerRequest, _stevedore_node_v1_KillContainerRequest__Output>
        ListContainersRequest: MessageTypeDefinition<_stevedore_node_v1_ListContainersRequest, _stevedore_node_v1_ListContainersRequest__Output>
        ListContainersResponse: MessageTypeDefinition<_stevedore_node_v1_ListContainersResponse, _stevedore_node_v1_ListContainersResponse__Output>
        ListImagesResponse: MessageTypeDefinition<_stevedore_node_v1_ListImagesResponse, _stevedore_node_v1_ListImagesResponse__Output>
        LoadImagesRequest: MessageTypeDefinition<_stevedore_node_v1_LoadImagesRequest, _stevedore_node_v1_LoadImagesRequest__Output>
        LoadImagesResponse: MessageTypeDefinition<_stevedore_node_v1_LoadImagesResponse, _stevedore_node_v1_LoadImagesResponse__Output>
        LoadedImage: MessageTypeDefinition<_stevedore_node_v1_LoadedImage, _stevedore_node_v1_LoadedImage__Output>
        LogLine: MessageTypeDefinition<_stevedore_node_v1_LogLine, _stevedore_node_v1_LogLine__Output>
        LogsRequest: MessageTypeDefinition<_stevedore_node_v1_LogsRequest, _stevedore_node_v1_LogsRequest__Output>
        Mount: MessageTypeDefinition<_stevedore_node_v1_Mount, _stevedore_node_v1_Mount__Output>
        ProgressEvent: MessageTypeDefinition<_stevedore_node_v1_ProgressEvent, _stevedore_node_v1_ProgressEvent__Output>
        PruneImagesResponse: MessageTypeDefinition<_stevedore_node_v1_PruneImagesResponse, _stevedore_node_v1_PruneImagesResponse__Output>
        PullImageRequest: MessageTypeDefinition<_stevedore_node_v1_PullImageRequest, _stevedore_node_v1_PullImageRequest__Output>
        PushImageRequest: MessageTypeDefinition<_stevedore_node_v1_PushImageRequest, _stevedore_node_v1_PushImageRequest__Output>
        RemoveContainerRequest: MessageTypeDefinition<_stevedore_node_v1_RemoveContainerRequest, _stevedore_node_v1_RemoveContainerRequest__Output>
        RemoveImageRequest: MessageTypeDefinition<_stevedore_node_v1_RemoveImageRequest, _stevedore_node_v1_RemoveImageRequest__Output>
        RemoveImageResponse: MessageTypeDefinition<_stevedore_node_v1_RemoveImageResponse, _stevedore_node_v1_RemoveImageResponse__Output>
        RuntimeService: SubtypeConstructor<typeof grpc.Client, _stevedore_node_v1_RuntimeServiceClient> & { service: _stevedore_node_v1_RuntimeServiceDefinition }
        SaveImagesRequest: MessageTypeDefinition<_stevedore_node_v1_SaveImagesRequest, _stevedore_node_v1_SaveImagesRequest__Output>
        StatsResponse: MessageTypeDefinition<_stevedore_node_v1_StatsResponse, _stevedore_node_v1_StatsResponse__Output>
        StopContainerRequest: MessageTypeDefinition<_stevedore_node_v1_StopContainerRequest, _stevedore_node_v1_StopContainerRequest__Output>
        TagImageRequest: MessageTypeDefinition<_stevedore_node_v1_TagImageRequest, _stevedore_node_v1_TagImageRequest__Output>
        VersionResponse: MessageTypeDefinition<_stevedore_node_v1_VersionResponse, _stevedore_node_v1_VersionResponse__Output>
      }
    }
  }
}

