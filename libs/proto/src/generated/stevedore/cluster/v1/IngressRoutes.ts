// Original file: proto/stevedore/cluster/v1/cluster.proto

import type { IngressRoute as _stevedore_cluster_v1_IngressRoute, IngressRoute__Output as _stevedore_cluster_v1_IngressRoute__Output } from '../../../stevedore/cluster/v1/IngressRoute';
import type { IngressCertificate as _stevedore_cluster_v1_IngressCertificate, IngressCertificate__Output as _stevedore_cluster_v1_IngressCertificate__Output } from '../../../stevedore/cluster/v1/IngressCertificate';

export interface IngressRoutes {
  'routes'?: (_stevedore_cluster_v1_IngressRoute)[];
  'certificates'?: (_stevedore_cluster_v1_IngressCertificate)[];
}

export interface IngressRoutes__Output {
  'routes': (_stevedore_cluster_v1_IngressRoute__Output)[];
  'certificates': (_stevedore_cluster_v1_IngressCertificate__Output)[];
}
