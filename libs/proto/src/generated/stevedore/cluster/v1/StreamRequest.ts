// Original file: proto/stevedore/cluster/v1/cluster.proto


export interface StreamRequest {
  'streamId'?: (string);
  'kind'?: (string);
  'requestJson'?: (string);
}

export interface StreamRequest__Output {
  'streamId': (string);
  'kind': (string);
  'requestJson': (string);
}
