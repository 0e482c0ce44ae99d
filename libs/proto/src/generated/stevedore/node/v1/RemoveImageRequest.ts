// Original file: proto/stevedore/node/v1/node.proto


export interface RemoveImageRequest {
  'image'?: (string);
  'force'?: (boolean);
}

export interface RemoveImageRequest__Output {
  'image': (string);
  'force': (boolean);
}
