// Original file: proto/stevedore/cluster/v1/cluster.proto


export interface DnsPort {
  'name'?: (string);
  'port'?: (number);
  'protocol'?: (string);
}

export interface DnsPort__Output {
  'name': (string);
  'port': (number);
  'protocol': (string);
}
