// Original file: proto/stevedore/node/v1/node.proto


export interface InspectResponse {
  'json'?: (string);
}

export interface InspectResponse__Output {
  'json': (string);
}
