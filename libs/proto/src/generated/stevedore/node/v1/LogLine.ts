// Original file: proto/stevedore/node/v1/node.proto


export interface LogLine {
  'time'?: (string);
  'stream'?: (string);
  'line'?: (string);
}

export interface LogLine__Output {
  'time': (string);
  'stream': (string);
  'line': (string);
}
