// Original file: proto/stevedore/cluster/v1/cluster.proto


export interface PodStatusReport {
  'namespace'?: (string);
  'name'?: (string);
  'uid'?: (string);
  'statusJson'?: (string);
  'terminated'?: (boolean);
}

export interface PodStatusReport__Output {
  'namespace': (string);
  'name': (string);
  'uid': (string);
  'statusJson': (string);
  'terminated': (boolean);
}
