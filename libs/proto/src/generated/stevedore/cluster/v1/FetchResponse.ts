// Original file: proto/stevedore/cluster/v1/cluster.proto


export interface FetchResponse {
  'found'?: (boolean);
  'objectJson'?: (string);
}

export interface FetchResponse__Output {
  'found': (boolean);
  'objectJson': (string);
}
