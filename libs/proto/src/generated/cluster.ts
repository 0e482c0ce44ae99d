import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AgentGatewayClient as _stevedore_cluster_v1_AgentGatewayClient, AgentGatewayDefinition as _stevedore_cluster_v1_AgentGatewayDefinition } from './stevedore/cluster/v1/AgentGateway';
import type { AgentMessage as _stevedore_cluster_v1_AgentMessage, AgentMessage__Output as _stevedore_cluster_v1_AgentMessage__Output } from './stevedore/cluster/v1/AgentMessage';
import type { ClusterDns as _stevedore_cluster_v1_ClusterDns, ClusterDns__Output as _stevedore_cluster_v1_ClusterDns__Output } from './stevedore/cluster/v1/ClusterDns';
import type { DnsEndpoint as _stevedore_cluster_v1_DnsEndpoint, DnsEndpoint__Output as _stevedore_cluster_v1_DnsEndpoint__Output } from './stevedore/cluster/v1/DnsEndpoint';
import type { DnsPort as _stevedore_cluster_v1_DnsPort, DnsPort__Output as _stevedore_cluster_v1_DnsPort__Output } from './stevedore/cluster/v1/DnsPort';
import type { DnsService as _stevedore_cluster_v1_DnsService, DnsService__Output as _stevedore_cluster_v1_DnsService__Output } from './stevedore/cluster/v1/DnsService';
import type { EventReport as _stevedore_cluster_v1_EventReport, EventReport__Output as _stevedore_cluster_v1_EventReport__Output } from './stevedore/cluster/v1/EventReport';
import type { FetchRequest as _stevedore_cluster_v1_FetchRequest, FetchRequest__Output as _stevedore_cluster_v1_FetchRequest__Output } from './stevedore/cluster/v1/FetchRequest';
import type { FetchResponse as _stevedore_cluster_v1_FetchResponse, FetchResponse__Output as _stevedore_cluster_v1_FetchResponse__Output } from './stevedore/cluster/v1/FetchResponse';
import type { Heartbeat as _stevedore_cluster_v1_Heartbeat, Heartbeat__Output as _stevedore_cluster_v1_Heartbeat__Output } from './stevedore/cluster/v1/Heartbeat';
import type { IngressCertificate as _stevedore_cluster_v1_IngressCertificate, IngressCertificate__Output as _stevedore_cluster_v1_IngressCertificate__Output } from './stevedore/cluster/v1/IngressCertificate';
import type { IngressRoute as _stevedore_cluster_v1_IngressRoute, IngressRoute__Output as _stevedore_cluster_v1_IngressRoute__Output } from './stevedore/cluster/v1/IngressRoute';
import type { IngressRoutes as _stevedore_cluster_v1_IngressRoutes, IngressRoutes__Output as _stevedore_cluster_v1_IngressRoutes__Output } from './stevedore/cluster/v1/IngressRoutes';
import type { NetworkPolicyRules as _stevedore_cluster_v1_NetworkPolicyRules, NetworkPolicyRules__Output as _stevedore_cluster_v1_NetworkPolicyRules__Output } from './stevedore/cluster/v1/NetworkPolicyRules';
import type { NodeStatusReport as _stevedore_cluster_v1_NodeStatusReport, NodeStatusReport__Output as _stevedore_cluster_v1_NodeStatusReport__Output } from './stevedore/cluster/v1/NodeStatusReport';
import type { PeerRoute as _stevedore_cluster_v1_PeerRoute, PeerRoute__Output as _stevedore_cluster_v1_PeerRoute__Output } from './stevedore/cluster/v1/PeerRoute';
import type { PeerRoutes as _stevedore_cluster_v1_PeerRoutes, PeerRoutes__Output as _stevedore_cluster_v1_PeerRoutes__Output } from './stevedore/cluster/v1/PeerRoutes';
import type { PodChange as _stevedore_cluster_v1_PodChange, PodChange__Output as _stevedore_cluster_v1_PodChange__Output } from './stevedore/cluster/v1/PodChange';
import type { PodSnapshot as _stevedore_cluster_v1_PodSnapshot, PodSnapshot__Output as _stevedore_cluster_v1_PodSnapshot__Output } from './stevedore/cluster/v1/PodSnapshot';
import type { PodStatusReport as _stevedore_cluster_v1_PodStatusReport, PodStatusReport__Output as _stevedore_cluster_v1_PodStatusReport__Output } from './stevedore/cluster/v1/PodStatusReport';
import type { PodTokenRequest as _stevedore_cluster_v1_PodTokenRequest, PodTokenRequest__Output as _stevedore_cluster_v1_PodTokenRequest__Output } from './stevedore/cluster/v1/PodTokenRequest';
import type { PodTokenResponse as _stevedore_cluster_v1_PodTokenResponse, PodTokenResponse__Output as _stevedore_cluster_v1_PodTokenResponse__Output } from './stevedore/cluster/v1/PodTokenResponse';
import type { PolicyAllow as _stevedore_cluster_v1_PolicyAllow, PolicyAllow__Output as _stevedore_cluster_v1_PolicyAllow__Output } from './stevedore/cluster/v1/PolicyAllow';
import type { PolicyPort as _stevedore_cluster_v1_PolicyPort, PolicyPort__Output as _stevedore_cluster_v1_PolicyPort__Output } from './stevedore/cluster/v1/PolicyPort';
import type { PolicyTarget as _stevedore_cluster_v1_PolicyTarget, PolicyTarget__Output as _stevedore_cluster_v1_PolicyTarget__Output } from './stevedore/cluster/v1/PolicyTarget';
import type { ProxyEndpoint as _stevedore_cluster_v1_ProxyEndpoint, ProxyEndpoint__Output as _stevedore_cluster_v1_ProxyEndpoint__Output } from './stevedore/cluster/v1/ProxyEndpoint';
import type { Register as _stevedore_cluster_v1_Register, Register__Output as _stevedore_cluster_v1_Register__Output } from './stevedore/cluster/v1/Register';
import type { Registered as _stevedore_cluster_v1_Registered, Registered__Output as _stevedore_cluster_v1_Registered__Output } from './stevedore/cluster/v1/Registered';
import type { Resync as _stevedore_cluster_v1_Resync, Resync__Output as _stevedore_cluster_v1_Resync__Output } from './stevedore/cluster/v1/Resync';
import type { ServerMessage as _stevedore_cluster_v1_ServerMessage, ServerMessage__Output as _stevedore_cluster_v1_ServerMessage__Output } from './stevedore/cluster/v1/ServerMessage';
import type { ServiceProxies as _stevedore_cluster_v1_ServiceProxies, ServiceProxies__Output as _stevedore_cluster_v1_ServiceProxies__Output } from './stevedore/cluster/v1/ServiceProxies';
import type { ServiceProxy as _stevedore_cluster_v1_ServiceProxy, ServiceProxy__Output as _stevedore_cluster_v1_ServiceProxy__Output } from './stevedore/cluster/v1/ServiceProxy';
import type { StreamRequest as _stevedore_cluster_v1_StreamRequest, StreamRequest__Output as _stevedore_cluster_v1_StreamRequest__Output } from './stevedore/cluster/v1/StreamRequest';
import type { TunnelFrame as _stevedore_cluster_v1_TunnelFrame, TunnelFrame__Output as _stevedore_cluster_v1_TunnelFrame__Output } from './stevedore/cluster/v1/TunnelFrame';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  stevedore: {
    cluster: {
      v1: {
        AgentGateway: SubtypeConstructor<typeof grpc.Client, _stevedore_cluster_v1_AgentGatewayClient> & { service: _stevedore_cluster_v1_AgentGatewayDefinition }
        AgentMessage: MessageTypeDefinition<_stevedore_cluster_v1_AgentMessage, _stevedore_cluster_v1_AgentMessage__Output>
        ClusterDns: MessageTypeDefinition<_stevedore_cluster_v1_ClusterDns, _stevedore_cluster_v1_ClusterDns__Output>
        DnsEndpoint: MessageTypeDefinition<_stevedore_cluster_v1_DnsEndpoint, _stevedore_cluster_v1_DnsEndpoint__Output>
        DnsPort: MessageTypeDefinition<_stevedore_cluster_v1_DnsPort, _stevedore_cluster_v1_DnsPort__Output>
        DnsService: MessageTypeDefinition<_stevedore_cluster_v1_DnsService, _stevedore_cluster_v1_DnsService__Output>
        EventReport: MessageTypeDefinition<_stevedore_cluster_v1_EventReport, _stevedore_cluster_v1_EventReport__Output>
        FetchRequest: MessageTypeDefinition<_stevedore_cluster_v1_FetchRequest, _stevedore_cluster_v1_FetchRequest__Output>
        FetchResponse: MessageTypeDefinition<_stevedore_cluster_v1_FetchResponse, _stevedore_cluster_v1_FetchResponse__Output>
        Heartbeat: MessageTypeDefinition<_stevedore_cluster_v1_Heartbeat, _stevedore_cluster_v1_Heartbeat__Output>
        IngressCertificate: MessageTypeDefinition<_stevedore_cluster_v1_IngressCertificate, _stevedore_cluster_v1_IngressCertificate__Output>
        IngressRoute: MessageTypeDefinition<_stevedore_cluster_v1_IngressRoute, _stevedore_cluster_v1_IngressRoute__Output>
        IngressRoutes: MessageTypeDefinition<_stevedore_cluster_v1_IngressRoutes, _stevedore_cluster_v1_IngressRoutes__Output>
        NetworkPolicyRules: MessageTypeDefinition<_stevedore_cluster_v1_NetworkPolicyRules, _stevedore_cluster_v1_NetworkPolicyRules__Output>
        NodeStatusReport: MessageTypeDefinition<_stevedore_cluster_v1_NodeStatusReport, _stevedore_cluster_v1_NodeStatusReport__Output>
        PeerRoute: MessageTypeDefinition<_stevedore_cluster_v1_PeerRoute, _stevedore_cluster_v1_PeerRoute__Output>
        PeerRoutes: MessageTypeDefinition<_stevedore_cluster_v1_PeerRoutes, _stevedore_cluster_v1_PeerRoutes__Output>
        PodChange: MessageTypeDefinition<_stevedore_cluster_v1_PodChange, _stevedore_cluster_v1_PodChange__Output>
        PodSnapshot: MessageTypeDefinition<_stevedore_cluster_v1_PodSnapshot, _stevedore_cluster_v1_PodSnapshot__Output>
        PodStatusReport: MessageTypeDefinition<_stevedore_cluster_v1_PodStatusReport, _stevedore_cluster_v1_PodStatusReport__Output>
        PodTokenRequest: MessageTypeDefinition<_stevedore_cluster_v1_PodTokenRequest, _stevedore_cluster_v1_PodTokenRequest__Output>
        PodTokenResponse: MessageTypeDefinition<_stevedore_cluster_v1_PodTokenResponse, _stevedore_cluster_v1_PodTokenResponse__Output>
        PolicyAllow: MessageTypeDefinition<_stevedore_cluster_v1_PolicyAllow, _stevedore_cluster_v1_PolicyAllow__Output>
        PolicyPort: MessageTypeDefinition<_stevedore_cluster_v1_PolicyPort, _stevedore_cluster_v1_PolicyPort__Output>
        PolicyTarget: MessageTypeDefinition<_stevedore_cluster_v1_PolicyTarget, _stevedore_cluster_v1_PolicyTarget__Output>
        ProxyEndpoint: MessageTypeDefinition<_stevedore_cluster_v1_ProxyEndpoint, _stevedore_cluster_v1_ProxyEndpoint__Output>
        Register: MessageTypeDefinition<_stevedore_cluster_v1_Register, _stevedore_cluster_v1_Register__Output>
        Registered: MessageTypeDefinition<_stevedore_cluster_v1_Registered, _stevedore_cluster_v1_Registered__Output>
        Resync: MessageTypeDefinition<_stevedore_cluster_v1_Resync, _stevedore_cluster_v1_Resync__Output>
        ServerMessage: MessageTypeDefinition<_stevedore_cluster_v1_ServerMessage, _stevedore_cluster_v1_ServerMessage__Output>
        ServiceProxies: MessageTypeDefinition<_stevedore_cluster_v1_ServiceProxies, _stevedore_cluster_v1_ServiceProxies__Output>
        ServiceProxy: MessageTypeDefinition<_stevedore_cluster_v1_ServiceProxy, _stevedore_cluster_v1_ServiceProxy__Output>
        StreamRequest: MessageTypeDefinition<_stevedore_cluster_v1_StreamRequest, _stevedore_cluster_v1_StreamRequest__Output>
        TunnelFrame: MessageTypeDefinition<_stevedore_cluster_v1_TunnelFrame, _stevedore_cluster_v1_TunnelFrame__Output>
      }
    }
  }
}

