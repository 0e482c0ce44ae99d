// Original file: proto/stevedore/node/v1/node.proto


export interface ExecInput {
  'container'?: (string);
  'command'?: (string)[];
  'env'?: (string)[];
  'workingDir'?: (string);
  'attachStdin'?: (boolean);
  'stdin'?: (Buffer | Uint8Array | string);
  'closeStdin'?: (boolean);
}

export interface ExecInput__Output {
  'container': (string);
  'command': (string)[];
  'env': (string)[];
  'workingDir': (string);
  'attachStdin': (boolean);
  'stdin': (Buffer);
  'closeStdin': (boolean);
}
