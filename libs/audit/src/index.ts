// Public API of @stevedore/audit: kube-apiserver's audit log (Policy, Event, rotated JSON lines).

export type { AuditConfig } from './auditor';
export { AUDIT_ID_HEADER, Auditor, newAuditor, prepareAuditing } from './auditor';
export type { AuditEvent, ObjectReference, ResponseStatus, UserInfo } from './event/audit-event';
export { DECISION_ANNOTATION, REASON_ANNOTATION } from './event/audit-event';
export type { AuditBackend } from './http/request-audit';
export { currentRequestAudit, RequestAudit, requestAudit, withRequestAudit } from './http/request-audit';
export type { LineSink } from './log/audit-log';
export { AuditLog } from './log/audit-log';
export { AuditMetrics } from './log/audit-metrics';
export { backupName, RotatingFile } from './log/rotating-file';
export { PolicyError, parsePolicy, readPolicyFile } from './policy/parse-policy';
export type { Level, Policy, PolicyRule, Stage } from './policy/policy';
export type { PolicyAttributes } from './policy/policy-checker';
export { policyFor } from './policy/policy-checker';
