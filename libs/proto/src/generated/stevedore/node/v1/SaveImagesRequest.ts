// Original file: proto/stevedore/node/v1/node.proto


export interface SaveImagesRequest {
  'path'?: (string);
  'images'?: (string)[];
}

export interface SaveImagesRequest__Output {
  'path': (string);
  'images': (string)[];
}
