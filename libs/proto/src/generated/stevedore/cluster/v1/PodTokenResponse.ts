// Original file: proto/stevedore/cluster/v1/cluster.proto


export interface PodTokenResponse {
  'token'?: (string);
  'expirationTimestamp'?: (string);
}

export interface PodTokenResponse__Output {
  'token': (string);
  'expirationTimestamp': (string);
}
