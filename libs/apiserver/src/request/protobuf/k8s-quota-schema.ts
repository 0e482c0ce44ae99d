// Hand-written subset of the Kubernetes protobuf schema for ResourceQuota, which
// `kubectl create quota` sends as protobuf. Message names and field numbers follow upstream's
// generated.proto (k8s.io/api v0.32) so the wire bytes decode; see k8s-schema.ts for the conventions.

export const CORE_V1_QUOTA_PROTO = `
syntax = "proto2";
package k8s.io.api.core.v1;

message ScopedResourceSelectorRequirement {
  optional string scopeName = 1;
  optional string operator = 2;
  repeated string values = 3;
}

message ScopeSelector {
  repeated ScopedResourceSelectorRequirement matchExpressions = 1;
}

message ResourceQuotaSpec {
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> hard = 1;
  repeated string scopes = 2;
  optional ScopeSelector scopeSelector = 3;
}

message ResourceQuotaStatus {
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> hard = 1;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> used = 2;
}

message ResourceQuota {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional ResourceQuotaSpec spec = 2;
  optional ResourceQuotaStatus status = 3;
}
`;
