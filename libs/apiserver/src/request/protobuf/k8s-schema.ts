// Hand-written subsets of the Kubernetes protobuf schema (k8s.io/api and k8s.io/apimachinery v0.32,
// `generated.proto`): only the messages and fields needed to read the bodies `kubectl create
// namespace|configmap|secret|deployment|service|job|priorityclass` and `kubectl autoscale`
// send. Package names, message names and field
// numbers follow upstream exactly so the wire bytes decode correctly; fields left out here are
// skipped as unknown fields when decoding. Status messages are kept (nearly) empty on purpose:
// a create ignores status, but the field must exist so `status: {}` round-trips like JSON.
//
// `[(zero_is_unset) = true]` is our own annotation (protobufjs keeps it in `field.options`), not
// upstream's: it marks Go value fields tagged `json:",omitempty"` (e.g. `NodePort int32`). Go's
// protobuf encoder writes such fields even when zero, so a 0/false on the wire means "unset" and
// is dropped, exactly as the JSON encoding would. Go pointer fields (`Replicas *int32`) are only
// written when set, so their zeros are kept.
//
// Each entry is one proto package; they are parsed into one protobufjs Root.

import { AUTHENTICATION_V1_PROTO, AUTHORIZATION_V1_PROTO, CORE_V1_IDENTITY_PROTO, RBAC_V1_PROTO } from './k8s-identity-schema';
import { CORE_V1_QUOTA_PROTO } from './k8s-quota-schema';

export const RUNTIME_PROTO = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.runtime;

message TypeMeta {
  optional string apiVersion = 1;
  optional string kind = 2;
}

// The envelope after the "k8s\\0" magic: the object's type and its encoded bytes.
message Unknown {
  optional TypeMeta typeMeta = 1;
  optional bytes raw = 2;
  optional string contentEncoding = 3;
  optional string contentType = 4;
}
`;

export const RESOURCE_PROTO = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.api.resource;

message Quantity {
  optional string string = 1;
}
`;

export const INTSTR_PROTO = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.util.intstr;

// type 0 = Int (intVal), 1 = String (strVal).
message IntOrString {
  optional int64 type = 1;
  optional int32 intVal = 2;
  optional string strVal = 3;
}
`;

export const META_V1_PROTO = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.apis.meta.v1;

message Time {
  optional int64 seconds = 1;
  optional int32 nanos = 2;
}

message OwnerReference {
  optional string kind = 1;
  optional string name = 3;
  optional string uid = 4;
  optional string apiVersion = 5;
  optional bool controller = 6;
  optional bool blockOwnerDeletion = 7;
}

message ObjectMeta {
  optional string name = 1;
  optional string generateName = 2;
  optional string namespace = 3;
  optional string uid = 5;
  optional string resourceVersion = 6;
  optional int64 generation = 7 [(zero_is_unset) = true];
  optional Time creationTimestamp = 8;
  optional Time deletionTimestamp = 9;
  optional int64 deletionGracePeriodSeconds = 10;
  map<string, string> labels = 11;
  map<string, string> annotations = 12;
  repeated OwnerReference ownerReferences = 13;
  repeated string finalizers = 14;
}

message LabelSelectorRequirement {
  optional string key = 1;
  optional string operator = 2;
  repeated string values = 3;
}

message LabelSelector {
  map<string, string> matchLabels = 1;
  repeated LabelSelectorRequirement matchExpressions = 2;
}
`;

export const CORE_V1_PROTO = `
syntax = "proto2";
package k8s.io.api.core.v1;

message NamespaceSpec {
  repeated string finalizers = 1;
}

message NamespaceStatus {
  optional string phase = 1;
}

message Namespace {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional NamespaceSpec spec = 2;
  optional NamespaceStatus status = 3;
}

message ConfigMap {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  map<string, string> data = 2;
  map<string, bytes> binaryData = 3;
  optional bool immutable = 4;
}

message Secret {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  map<string, bytes> data = 2;
  optional string type = 3;
  map<string, string> stringData = 4;
  optional bool immutable = 5;
}

message ServicePort {
  optional string name = 1;
  optional string protocol = 2;
  optional int32 port = 3;
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString targetPort = 4;
  optional int32 nodePort = 5 [(zero_is_unset) = true];
  optional string appProtocol = 6;
}

message ServiceSpec {
  repeated ServicePort ports = 1;
  map<string, string> selector = 2;
  optional string clusterIP = 3;
  optional string type = 4;
  repeated string externalIPs = 5;
  optional string sessionAffinity = 7;
  optional string externalName = 10;
  optional string externalTrafficPolicy = 11;
  optional string ipFamilyPolicy = 17;
  repeated string clusterIPs = 18;
  repeated string ipFamilies = 19;
  optional string internalTrafficPolicy = 22;
}

message LoadBalancerStatus {
}

message ServiceStatus {
  optional LoadBalancerStatus loadBalancer = 1;
}

message Service {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional ServiceSpec spec = 2;
  optional ServiceStatus status = 3;
}

// Embedded in Go (json ",inline"): its name is flattened into the parent object.
message LocalObjectReference {
  optional string name = 1;
}

message ObjectFieldSelector {
  optional string apiVersion = 1;
  optional string fieldPath = 2;
}

message ResourceFieldSelector {
  optional string containerName = 1;
  optional string resource = 2;
  optional .k8s.io.apimachinery.pkg.api.resource.Quantity divisor = 3;
}

message ConfigMapKeySelector {
  optional LocalObjectReference localObjectReference = 1;
  optional string key = 2;
  optional bool optional = 3;
}

message SecretKeySelector {
  optional LocalObjectReference localObjectReference = 1;
  optional string key = 2;
  optional bool optional = 3;
}

message EnvVarSource {
  optional ObjectFieldSelector fieldRef = 1;
  optional ResourceFieldSelector resourceFieldRef = 2;
  optional ConfigMapKeySelector configMapKeyRef = 3;
  optional SecretKeySelector secretKeyRef = 4;
}

message EnvVar {
  optional string name = 1;
  optional string value = 2;
  optional EnvVarSource valueFrom = 3;
}

message ConfigMapEnvSource {
  optional LocalObjectReference localObjectReference = 1;
  optional bool optional = 2;
}

message SecretEnvSource {
  optional LocalObjectReference localObjectReference = 1;
  optional bool optional = 2;
}

message EnvFromSource {
  optional string prefix = 1;
  optional ConfigMapEnvSource configMapRef = 2;
  optional SecretEnvSource secretRef = 3;
}

message ContainerPort {
  optional string name = 1;
  optional int32 hostPort = 2 [(zero_is_unset) = true];
  optional int32 containerPort = 3;
  optional string protocol = 4;
  optional string hostIP = 5;
}

message ResourceRequirements {
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> limits = 1;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> requests = 2;
}

message VolumeMount {
  optional string name = 1;
  optional bool readOnly = 2 [(zero_is_unset) = true];
  optional string mountPath = 3;
  optional string subPath = 4;
}

message Container {
  optional string name = 1;
  optional string image = 2;
  repeated string command = 3;
  repeated string args = 4;
  optional string workingDir = 5;
  repeated ContainerPort ports = 6;
  repeated EnvVar env = 7;
  optional ResourceRequirements resources = 8;
  repeated VolumeMount volumeMounts = 9;
  optional string terminationMessagePath = 13;
  optional string imagePullPolicy = 14;
  optional bool stdin = 16 [(zero_is_unset) = true];
  optional bool stdinOnce = 17 [(zero_is_unset) = true];
  optional bool tty = 18 [(zero_is_unset) = true];
  repeated EnvFromSource envFrom = 19;
  optional string terminationMessagePolicy = 20;
}

message PodSpec {
  repeated Container containers = 2;
  optional string restartPolicy = 3;
  optional int64 terminationGracePeriodSeconds = 4;
  optional string dnsPolicy = 6;
  map<string, string> nodeSelector = 7;
  optional string serviceAccountName = 8;
  optional string nodeName = 10;
  optional bool hostNetwork = 11 [(zero_is_unset) = true];
  repeated LocalObjectReference imagePullSecrets = 15;
  optional string hostname = 16;
  optional string schedulerName = 19;
  repeated Container initContainers = 20;
}

message PodTemplateSpec {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional PodSpec spec = 2;
}
`;

export const APPS_V1_PROTO = `
syntax = "proto2";
package k8s.io.api.apps.v1;

message RollingUpdateDeployment {
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString maxUnavailable = 1;
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString maxSurge = 2;
}

message DeploymentStrategy {
  optional string type = 1;
  optional RollingUpdateDeployment rollingUpdate = 2;
}

message DeploymentSpec {
  optional int32 replicas = 1;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 2;
  optional .k8s.io.api.core.v1.PodTemplateSpec template = 3;
  optional DeploymentStrategy strategy = 4;
  optional int32 minReadySeconds = 5 [(zero_is_unset) = true];
  optional int32 revisionHistoryLimit = 6;
  optional bool paused = 7 [(zero_is_unset) = true];
  optional int32 progressDeadlineSeconds = 9;
}

message DeploymentStatus {
}

message Deployment {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional DeploymentSpec spec = 2;
  optional DeploymentStatus status = 3;
}
`;

export const BATCH_V1_PROTO = `
syntax = "proto2";
package k8s.io.api.batch.v1;

message JobSpec {
  optional int32 parallelism = 1;
  optional int32 completions = 2;
  optional int64 activeDeadlineSeconds = 3;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 4;
  optional bool manualSelector = 5;
  optional .k8s.io.api.core.v1.PodTemplateSpec template = 6;
  optional int32 backoffLimit = 7;
  optional int32 ttlSecondsAfterFinished = 8;
  optional string completionMode = 9;
  optional bool suspend = 10;
}

message JobStatus {
}

message Job {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional JobSpec spec = 2;
  optional JobStatus status = 3;
}
`;

export const SCHEDULING_V1_PROTO = `
syntax = "proto2";
package k8s.io.api.scheduling.v1;

message PriorityClass {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional int32 value = 2;
  optional bool globalDefault = 3 [(zero_is_unset) = true];
  optional string description = 4;
  optional string preemptionPolicy = 5;
}
`;

// What `kubectl autoscale` sends: v1 from kubectl 1.32, v2 (a CPU utilization metric) from 1.33.
export const AUTOSCALING_V1_PROTO = `
syntax = "proto2";
package k8s.io.api.autoscaling.v1;

message CrossVersionObjectReference {
  optional string kind = 1;
  optional string name = 2;
  optional string apiVersion = 3;
}

message HorizontalPodAutoscalerSpec {
  optional CrossVersionObjectReference scaleTargetRef = 1;
  optional int32 minReplicas = 2;
  optional int32 maxReplicas = 3;
  optional int32 targetCPUUtilizationPercentage = 4;
}

message HorizontalPodAutoscalerStatus {
}

message HorizontalPodAutoscaler {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional HorizontalPodAutoscalerSpec spec = 2;
  optional HorizontalPodAutoscalerStatus status = 3;
}
`;

export const AUTOSCALING_V2_PROTO = `
syntax = "proto2";
package k8s.io.api.autoscaling.v2;

message CrossVersionObjectReference {
  optional string kind = 1;
  optional string name = 2;
  optional string apiVersion = 3;
}

message MetricTarget {
  optional string type = 1;
  optional .k8s.io.apimachinery.pkg.api.resource.Quantity value = 2;
  optional .k8s.io.apimachinery.pkg.api.resource.Quantity averageValue = 3;
  optional int32 averageUtilization = 4;
}

message ResourceMetricSource {
  optional string name = 1;
  optional MetricTarget target = 2;
}

message MetricSpec {
  optional string type = 1;
  optional ResourceMetricSource resource = 4;
}

message HorizontalPodAutoscalerSpec {
  optional CrossVersionObjectReference scaleTargetRef = 1;
  optional int32 minReplicas = 2;
  optional int32 maxReplicas = 3;
  repeated MetricSpec metrics = 4;
}

message HorizontalPodAutoscalerStatus {
}

message HorizontalPodAutoscaler {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional HorizontalPodAutoscalerSpec spec = 2;
  optional HorizontalPodAutoscalerStatus status = 3;
}
`;

/** Every package, in dependency order (the Root resolves references once all are parsed). */
export const K8S_PROTO_SOURCES: readonly string[] = [
  RUNTIME_PROTO,
  RESOURCE_PROTO,
  INTSTR_PROTO,
  META_V1_PROTO,
  CORE_V1_PROTO,
  APPS_V1_PROTO,
  BATCH_V1_PROTO,
  SCHEDULING_V1_PROTO,
  AUTOSCALING_V1_PROTO,
  AUTOSCALING_V2_PROTO,
  CORE_V1_IDENTITY_PROTO,
  AUTHENTICATION_V1_PROTO,
  AUTHORIZATION_V1_PROTO,
  RBAC_V1_PROTO,
  CORE_V1_QUOTA_PROTO,
];
