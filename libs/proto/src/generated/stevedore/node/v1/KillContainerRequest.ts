// Original file: proto/stevedore/node/v1/node.proto


export interface KillContainerRequest {
  'container'?: (string);
  'signal'?: (string);
}

export interface KillContainerRequest__Output {
  'container': (string);
  'signal': (string);
}
