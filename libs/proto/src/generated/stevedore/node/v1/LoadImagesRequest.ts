// Original file: proto/stevedore/node/v1/node.proto


export interface LoadImagesRequest {
  'path'?: (string);
}

export interface LoadImagesRequest__Output {
  'path': (string);
}
