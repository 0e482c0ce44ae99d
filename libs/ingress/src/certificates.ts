// The TLS certificates the proxy presents, chosen by SNI: the Ingress `tls` entry naming the
// host exactly, else one whose `*.` wildcard covers it, else the first certificate (as a
// catch-all, the way ingress controllers present a default one). Each Secret's pair becomes one
// secure context, made once per change rather than per handshake.
import type { Logger } from '@stevedore/log';
import * as tls from 'tls';
import { hostOnly } from './route-table';

export interface Certificate {
  /** namespace/name of the Secret, for logs. */
  secret: string;
  hosts: string[];
  certPem: string;
  keyPem: string;
}

export class CertificateStore {
  private byHost = new Map<string, tls.SecureContext>();
  private fallback?: tls.SecureContext;

  constructor(private readonly log: Logger) {}

  replace(certificates: readonly Certificate[]): void {
    const byHost = new Map<string, tls.SecureContext>();
    const made = new Map<string, tls.SecureContext>();
    let fallback: tls.SecureContext | undefined;
    for (const c of certificates) {
      const key = `${c.certPem}\n${c.keyPem}`;
      let context = made.get(key);
      if (!context) {
        try {
          context = tls.createSecureContext({ cert: c.certPem, key: c.keyPem });
        } catch (err) {
          this.log.warn('ignoring an unusable TLS secret', { secret: c.secret, err });
          continue;
        }
        made.set(key, context);
      }
      fallback ??= context;
      for (const host of c.hosts) if (!byHost.has(host.toLowerCase())) byHost.set(host.toLowerCase(), context);
    }
    this.byHost = byHost;
    this.fallback = fallback;
  }

  /** The context for an SNI name (or none sent): exact, then wildcard, then the first certificate. */
  contextFor(serverName: string | undefined): tls.SecureContext | undefined {
    const host = hostOnly(serverName ?? '');
    const dot = host.indexOf('.');
    return this.byHost.get(host) ?? (dot > 0 ? this.byHost.get(`*.${host.slice(dot + 1)}`) : undefined) ?? this.fallback;
  }

  get empty(): boolean {
    return !this.fallback;
  }
}
