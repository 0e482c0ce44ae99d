// Original file: proto/stevedore/node/v1/node.proto


export interface TagImageRequest {
  'source'?: (string);
  'target'?: (string);
}

export interface TagImageRequest__Output {
  'source': (string);
  'target': (string);
}
