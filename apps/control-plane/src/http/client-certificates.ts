// Which client certificates authenticate, and as whom, as kube-apiserver's x509 and requestheader
// authenticators decide. The TLS server asks for certificates of two CAs: one the cluster CA
// signed is its subject (CN the user, O the groups); one the front-proxy CA signed with an
// allowed common name is a front proxy, and the user is whoever its X-Remote-* headers name. A
// front-proxy certificate never passes for a user of its own, and the headers from anyone else
// are never believed.
import type { Credentials, User } from '@stevedore/auth';
import { X509Certificate } from 'crypto';
import type { IncomingMessage } from 'http';
import type { TLSSocket } from 'tls';

export interface ClientCertTrust {
  clusterCa: X509Certificate;
  frontProxy?: { ca: X509Certificate; allowedNames: string[] };
}

export function clientCertTrust(clusterCa: string, frontProxy?: { caCert: string; allowedNames: string[] }): ClientCertTrust {
  return {
    clusterCa: new X509Certificate(clusterCa),
    ...(frontProxy ? { frontProxy: { ca: new X509Certificate(frontProxy.caCert), allowedNames: frontProxy.allowedNames } } : {}),
  };
}

/** The client certificate the TLS handshake verified (against either CA), if any. */
export function verifiedPeer(req: IncomingMessage): X509Certificate | undefined {
  const socket = req.socket as TLSSocket;
  if (!socket.authorized || typeof socket.getPeerX509Certificate !== 'function') return undefined;
  return socket.getPeerX509Certificate();
}

const signedBy = (cert: X509Certificate, ca: X509Certificate) => cert.checkIssued(ca) && cert.verify(ca.publicKey);

/** Node gives a repeated subject attribute (several O) as one value per line. */
function subjectField(cert: X509Certificate, key: string): string[] {
  return cert.subject
    .split('\n')
    .filter((line) => line.startsWith(`${key}=`))
    .map((line) => line.slice(key.length + 1));
}

const values = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The user a front proxy's headers name; undefined without X-Remote-User (then nobody is vouched for). */
export function requestHeaderUser(req: IncomingMessage): User | undefined {
  const headers = req.headersDistinct ?? {};
  const name = values(headers['x-remote-user'])[0];
  if (!name) return undefined;
  const extra: Record<string, string[]> = {};
  for (const [header, value] of Object.entries(headers)) {
    if (!header.startsWith('x-remote-extra-') || !value) continue;
    const key = decodeURIComponent(header.slice('x-remote-extra-'.length));
    extra[key] = [...(extra[key] ?? []), ...value];
  }
  return { name, groups: values(headers['x-remote-group']), ...(Object.keys(extra).length ? { extra } : {}) };
}

/** What the request's verified certificate proves: a front-proxied user or the certificate's own subject. */
export function certificateCredentials(req: IncomingMessage, trust: ClientCertTrust | undefined): Partial<Credentials> {
  const peer = verifiedPeer(req);
  if (!peer) return {};
  const proxy = trust?.frontProxy;
  if (proxy && signedBy(peer, proxy.ca)) {
    const allowed = !proxy.allowedNames.length || subjectField(peer, 'CN').some((cn) => proxy.allowedNames.includes(cn));
    const user = allowed ? requestHeaderUser(req) : undefined;
    if (user) return { proxied: user };
  }
  // Without a trust (unit tests), the TLS server's single CA is the cluster's.
  if (trust && !signedBy(peer, trust.clusterCa)) return {};
  const commonName = subjectField(peer, 'CN')[0];
  return commonName ? { certificate: { commonName, organizations: subjectField(peer, 'O') } } : {};
}
