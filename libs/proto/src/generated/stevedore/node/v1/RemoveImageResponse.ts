// Original file: proto/stevedore/node/v1/node.proto


export interface RemoveImageResponse {
  'untagged'?: (string)[];
  'deleted'?: (string)[];
}

export interface RemoveImageResponse__Output {
  'untagged': (string)[];
  'deleted': (string)[];
}
