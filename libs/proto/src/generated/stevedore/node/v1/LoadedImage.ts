// Original file: proto/stevedore/node/v1/node.proto


export interface LoadedImage {
  'id'?: (string);
  'tags'?: (string)[];
}

export interface LoadedImage__Output {
  'id': (string);
  'tags': (string)[];
}
