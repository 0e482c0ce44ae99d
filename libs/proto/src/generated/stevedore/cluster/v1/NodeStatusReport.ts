// Original file: proto/stevedore/cluster/v1/cluster.proto


export interface NodeStatusReport {
  'nodeJson'?: (string);
}

export interface NodeStatusReport__Output {
  'nodeJson': (string);
}
