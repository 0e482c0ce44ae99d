// Original file: proto/stevedore/cluster/v1/cluster.proto


export interface Registered {
  'heartbeatIntervalMs'?: (number);
  'podCidr'?: (string);
  'clusterDns'?: (string);
  'clusterDomain'?: (string);
}

export interface Registered__Output {
  'heartbeatIntervalMs': (number);
  'podCidr': (string);
  'clusterDns': (string);
  'clusterDomain': (string);
}
