// Original file: proto/stevedore/cluster/v1/cluster.proto


export interface TunnelFrame {
  'streamId'?: (string);
  'channel'?: (number);
  'data'?: (Buffer | Uint8Array | string);
  'close'?: (boolean);
}

export interface TunnelFrame__Output {
  'streamId': (string);
  'channel': (number);
  'data': (Buffer);
  'close': (boolean);
}
