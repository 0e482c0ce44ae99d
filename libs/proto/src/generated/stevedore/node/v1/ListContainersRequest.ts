// Original file: proto/stevedore/node/v1/node.proto


export interface ListContainersRequest {
  'all'?: (boolean);
  'size'?: (boolean);
}

export interface ListContainersRequest__Output {
  'all': (boolean);
  'size': (boolean);
}
