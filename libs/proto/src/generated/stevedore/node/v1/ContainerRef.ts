// Original file: proto/stevedore/node/v1/node.proto


export interface ContainerRef {
  'container'?: (string);
}

export interface ContainerRef__Output {
  'container': (string);
}
