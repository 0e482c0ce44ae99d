// Original file: proto/stevedore/node/v1/node.proto


export interface BuildEvent {
  'stream'?: (string);
  'imageId'?: (string);
  'error'?: (string);
  'exitCode'?: (number);
}

export interface BuildEvent__Output {
  'stream': (string);
  'imageId': (string);
  'error': (string);
  'exitCode': (number);
}
