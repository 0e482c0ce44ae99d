// Original file: proto/stevedore/node/v1/node.proto


export interface BuildRequest {
  'contextDir'?: (string);
  'dockerfile'?: (string);
  'tags'?: (string)[];
  'buildArgs'?: ({[key: string]: string});
  'target'?: (string);
  'noCache'?: (boolean);
}

export interface BuildRequest__Output {
  'contextDir': (string);
  'dockerfile': (string);
  'tags': (string)[];
  'buildArgs': ({[key: string]: string});
  'target': (string);
  'noCache': (boolean);
}
