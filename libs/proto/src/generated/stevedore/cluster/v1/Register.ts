// Original file: proto/stevedore/cluster/v1/cluster.proto


export interface Register {
  'nodeName'?: (string);
  'nodeJson'?: (string);
  'wantsPeerRoutes'?: (boolean);
}

export interface Register__Output {
  'nodeName': (string);
  'nodeJson': (string);
  'wantsPeerRoutes': (boolean);
}
