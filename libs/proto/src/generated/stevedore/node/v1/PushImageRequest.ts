// Original file: proto/stevedore/node/v1/node.proto


export interface PushImageRequest {
  'image'?: (string);
}

export interface PushImageRequest__Output {
  'image': (string);
}
