// Original file: proto/stevedore/node/v1/node.proto


export interface RemoveContainerRequest {
  'container'?: (string);
  'force'?: (boolean);
}

export interface RemoveContainerRequest__Output {
  'container': (string);
  'force': (boolean);
}
