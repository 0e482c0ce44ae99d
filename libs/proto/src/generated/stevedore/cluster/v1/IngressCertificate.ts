// Original file: proto/stevedore/cluster/v1/cluster.proto


export interface IngressCertificate {
  'secret'?: (string);
  'hosts'?: (string)[];
  'certPem'?: (string);
  'keyPem'?: (string);
}

export interface IngressCertificate__Output {
  'secret': (string);
  'hosts': (string)[];
  'certPem': (string);
  'keyPem': (string);
}
