// Original file: proto/stevedore/node/v1/node.proto


export interface Mount {
  'source'?: (string);
  'destination'?: (string);
  'readOnly'?: (boolean);
  'type'?: (string);
}

export interface Mount__Output {
  'source': (string);
  'destination': (string);
  'readOnly': (boolean);
  'type': (string);
}
