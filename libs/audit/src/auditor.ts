// Auditing as `--audit-policy-file` and `--audit-log-path` configure it: the policy read and
// checked at start, the log opened, and each request given its RequestAudit.
import type { Logger } from '@stevedore/log';
import type { Registry } from '@stevedore/metrics';
import { randomUUID } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import type { Duplex } from 'stream';
import { RequestAudit, withRequestAudit } from './http/request-audit';
import { upgradeResponse } from './http/upgrade-audit';
import { AuditLog, STDOUT_SINK } from './log/audit-log';
import { AuditMetrics } from './log/audit-metrics';
import { ensureLogFile, RotatingFile } from './log/rotating-file';
import { readPolicyFile } from './policy/parse-policy';
import type { Policy } from './policy/policy';

export interface AuditConfig {
  /** The log file, `-` for standard output. */
  logPath?: string;
  /** Megabytes before the log is rotated (0: 100, as kube-apiserver). */
  maxSizeMB: number;
  /** Rotated files kept (0: all). */
  maxBackups: number;
  /** Days rotated files are kept (0: forever). */
  maxAgeDays: number;
}

export const AUDIT_ID_HEADER = 'Audit-ID';
// A client may bring its own ID (kube-apiserver keeps it); anything else odd is replaced.
const CLIENT_AUDIT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export class Auditor {
  constructor(
    private readonly policy: Policy,
    private readonly log: AuditLog,
    private readonly metrics: AuditMetrics,
    private readonly logger: Logger,
  ) {}

  /** Starts the trail of one request and sends its Audit-ID header. */
  begin(req: IncomingMessage, res: ServerResponse, url: URL): RequestAudit {
    const given = req.headers['audit-id'];
    const auditID = typeof given === 'string' && CLIENT_AUDIT_ID.test(given) ? given : randomUUID();
    res.setHeader(AUDIT_ID_HEADER, auditID);
    return new RequestAudit({ policy: this.policy, log: this.log, metrics: this.metrics }, req, res, url, auditID);
  }

  /** Starts the trail of an upgrade (exec, attach, port-forward), answered on the socket. */
  beginUpgrade(req: IncomingMessage, socket: Duplex): void {
    this.safely(req, () => this.begin(req, upgradeResponse(req, socket), new URL(req.url ?? '/', 'https://localhost')));
  }

  /** Express/Connect middleware; runs before authentication so refused requests are recorded too. */
  middleware(): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
    return (req, res, next) => {
      const audit = this.safely(req, () => this.begin(req, res, new URL(req.url ?? '/', 'https://localhost')));
      withRequestAudit(audit, next);
    };
  }

  /** A request auditing cannot describe (say, a malformed escape in its path) is served anyway, its loss counted. */
  private safely<T>(req: IncomingMessage, start: () => T): T | undefined {
    try {
      return start();
    } catch (err) {
      this.metrics.errors.inc({ plugin: 'log' });
      this.logger.error('a request could not be audited', { err, requestURI: req.url });
      return undefined;
    }
  }

  /** Writes what is buffered and closes the log. */
  close(): Promise<void> {
    return this.log.close();
  }
}

/**
 * Run before anything else starts: the policy (throws a PolicyError naming every bad field) and a
 * check that the log can be written, as kube-apiserver refuses to start otherwise.
 */
export async function prepareAuditing(policyFile: string | undefined, logPath: string | undefined): Promise<Policy | undefined> {
  const policy = policyFile ? await readPolicyFile(policyFile) : undefined;
  if (policy && logPath && logPath !== '-')
    await ensureLogFile(logPath).catch((err: Error) => {
      throw new Error(`audit log ${logPath}: ${err.message}`);
    });
  return policy;
}

/**
 * The auditor the flags ask for, or none. The policy comes from prepareAuditing.
 */
export function newAuditor(
  policy: Policy | undefined,
  config: AuditConfig,
  deps: { registry: Registry; log: Logger },
): Auditor | undefined {
  if (!policy && !config.logPath) return undefined;
  if (!policy || !config.logPath) {
    deps.log.warn('auditing is off: it needs both --audit-policy-file and --audit-log-path');
    return undefined;
  }
  const metrics = new AuditMetrics(deps.registry);
  const sink = config.logPath === '-' ? STDOUT_SINK : new RotatingFile(config.logPath, config);
  deps.log.info(`audit log ${config.logPath} (${policy.rules.length} policy rules)`);
  return new Auditor(policy, new AuditLog(sink, { log: deps.log, metrics }), metrics, deps.log);
}
