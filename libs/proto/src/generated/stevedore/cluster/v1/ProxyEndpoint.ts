// Original file: proto/stevedore/cluster/v1/cluster.proto


export interface ProxyEndpoint {
  'ip'?: (string);
  'port'?: (number);
  'nodeName'?: (string);
}

export interface ProxyEndpoint__Output {
  'ip': (string);
  'port': (number);
  'nodeName': (string);
}
