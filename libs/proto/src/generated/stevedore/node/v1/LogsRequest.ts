// Original file: proto/stevedore/node/v1/node.proto


export interface LogsRequest {
  'container'?: (string);
  'follow'?: (boolean);
  'tail'?: (number);
  'timestamps'?: (boolean);
}

export interface LogsRequest__Output {
  'container': (string);
  'follow': (boolean);
  'tail': (number);
  'timestamps': (boolean);
}
