// HTTPS to an aggregated API server: trusting the APIService's caBundle (checked against the
// Service's DNS name, as kube-aggregator does) or, with insecureSkipTLSVerify, any certificate,
// and presenting the front proxy's client certificate, which is what lets the backend believe
// the X-Remote-* headers.
import type { APIService } from '@stevedore/api';
import type { Backend, DiscoveryCheck } from '@stevedore/controllers';
import * as https from 'https';

const CHECK_TIMEOUT_MS = 5000;

/** The front proxy's client certificate and key (PEM), presented on every request to a backend. */
export interface ProxyClientCert {
  cert: string;
  key: string;
}

/** The TLS and address part of a request to the backend. */
export function backendOptions(api: APIService, backend: Backend, client?: ProxyClientCert): https.RequestOptions {
  const ca = api.spec?.caBundle ? Buffer.from(api.spec.caBundle, 'base64').toString('utf8') : undefined;
  return {
    host: backend.host,
    port: backend.port,
    servername: backend.serverName,
    ...(ca ? { ca } : {}),
    ...(client ? { cert: client.cert, key: client.key } : {}),
    rejectUnauthorized: !api.spec?.insecureSkipTLSVerify,
    agent: false,
  };
}

export function discoveryPath(api: APIService): string {
  const group = api.spec?.group ?? '';
  return group ? `/apis/${group}/${api.spec?.version}` : `/api/${api.spec?.version}`;
}

/** The resource lists backends answered with, by APIService name: what discovery shows of them. */
export type DiscoveryCache = Map<string, { resources: unknown[] }>;

/** GET /apis/GROUP/VERSION on the backend: a 2xx answer with an APIResourceList passes and is cached. */
export function discoveryCheck(cache: DiscoveryCache, client?: ProxyClientCert): DiscoveryCheck {
  return (api, backend) => {
    const url = `https://${backend.host}:${backend.port}${discoveryPath(api)}`;
    const fail = (why: string) => new Error(`failing or missing response from ${url}: ${why}`);
    return new Promise<void>((resolve, reject) => {
      const req = https.get(
        {
          ...backendOptions(api, backend, client),
          path: discoveryPath(api),
          timeout: CHECK_TIMEOUT_MS,
          headers: { 'X-Remote-User': 'system:kube-aggregator', 'X-Remote-Group': 'system:masters', Accept: 'application/json' },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (body += d));
          res.on('end', () => {
            const code = res.statusCode ?? 0;
            if (code < 200 || code >= 300) return reject(fail(`bad status from ${url}: ${code}`));
            try {
              const list = JSON.parse(body) as { resources?: unknown[] };
              cache.set(api.metadata.name ?? '', { resources: Array.isArray(list.resources) ? list.resources : [] });
              resolve();
            } catch {
              reject(fail('the answer is not a JSON APIResourceList'));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timed out after ${CHECK_TIMEOUT_MS}ms`)));
      req.on('error', (err) => reject(fail(`Get "${url}": ${err.message}`)));
    });
  };
}
