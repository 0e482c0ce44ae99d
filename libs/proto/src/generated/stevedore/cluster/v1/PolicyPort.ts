// Original file: proto/stevedore/cluster/v1/cluster.proto


export interface PolicyPort {
  'protocol'?: (string);
  'port'?: (number);
  'endPort'?: (number);
}

export interface PolicyPort__Output {
  'protocol': (string);
  'port': (number);
  'endPort': (number);
}
