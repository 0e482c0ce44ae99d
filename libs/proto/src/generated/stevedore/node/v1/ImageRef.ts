// Original file: proto/stevedore/node/v1/node.proto


export interface ImageRef {
  'image'?: (string);
}

export interface ImageRef__Output {
  'image': (string);
}
