// Original file: proto/stevedore/node/v1/node.proto


export interface ExecOutput {
  'stdout'?: (Buffer | Uint8Array | string);
  'stderr'?: (Buffer | Uint8Array | string);
  'exited'?: (boolean);
  'exitCode'?: (number);
}

export interface ExecOutput__Output {
  'stdout': (Buffer);
  'stderr': (Buffer);
  'exited': (boolean);
  'exitCode': (number);
}
