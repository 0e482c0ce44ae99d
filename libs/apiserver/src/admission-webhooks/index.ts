// Admission webhooks (admissionregistration.k8s.io/v1): the two admission steps and what they read.
export type { AdmissionAttributes, AdmissionReview, Operation } from './admission-attributes';
export { admissionReview } from './admission-attributes';
export { mutatingWebhookAdmission, runMutatingWebhooks } from './mutating-webhooks';
export { runValidatingWebhooks, validatingWebhookAdmission } from './validating-webhooks';
export type { WebhookCaller } from './webhook-call';
export type { AdmissionResponse } from './webhook-client';
export type { ServiceAddress, WebhookSources } from './webhook-sources';
