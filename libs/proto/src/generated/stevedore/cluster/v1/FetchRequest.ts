// Original file: proto/stevedore/cluster/v1/cluster.proto


export interface FetchRequest {
  'kind'?: (string);
  'namespace'?: (string);
  'name'?: (string);
}

export interface FetchRequest__Output {
  'kind': (string);
  'namespace': (string);
  'name': (string);
}
