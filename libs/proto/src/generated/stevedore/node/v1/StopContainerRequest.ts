// Original file: proto/stevedore/node/v1/node.proto


export interface StopContainerRequest {
  'container'?: (string);
  'timeoutSeconds'?: (number);
}

export interface StopContainerRequest__Output {
  'container': (string);
  'timeoutSeconds': (number);
}
