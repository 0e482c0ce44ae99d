// Original file: proto/stevedore/cluster/v1/cluster.proto


export interface EventReport {
  'eventJson'?: (string);
}

export interface EventReport__Output {
  'eventJson': (string);
}
