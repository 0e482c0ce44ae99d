// Original file: proto/stevedore/node/v1/node.proto


export interface CommitContainerRequest {
  'container'?: (string);
  'reference'?: (string);
  'author'?: (string);
  'message'?: (string);
  'cmd'?: (string)[];
}

export interface CommitContainerRequest__Output {
  'container': (string);
  'reference': (string);
  'author': (string);
  'message': (string);
  'cmd': (string)[];
}
