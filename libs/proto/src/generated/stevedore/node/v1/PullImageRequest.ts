// Original file: proto/stevedore/node/v1/node.proto


export interface PullImageRequest {
  'image'?: (string);
}

export interface PullImageRequest__Output {
  'image': (string);
}
