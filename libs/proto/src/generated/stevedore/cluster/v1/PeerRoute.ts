// Original file: proto/stevedore/cluster/v1/cluster.proto


export interface PeerRoute {
  'nodeName'?: (string);
  'podCidr'?: (string);
  'hostIp'?: (string);
}

export interface PeerRoute__Output {
  'nodeName': (string);
  'podCidr': (string);
  'hostIp': (string);
}
