// A client for the OCI distribution API: manifests and blobs down, blobs and manifests up.
import { createHash } from 'crypto';
import type { Readable } from 'stream';
import { type Descriptor, MEDIA } from '../content/descriptor';
import type { Reference } from '../reference/reference';
import { basic, type Credentials, fetchToken, parseChallenge } from './auth';
import { type HttpResponse, readLimited, send } from './http';
import { RegistryError, registryError } from './registry-error';
import type { TlsSettings } from './registry-hosts';

export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MANIFEST_ACCEPT = [MEDIA.ociManifest, MEDIA.ociIndex, MEDIA.dockerManifest, MEDIA.dockerList].join(', ');

export interface RegistryClientOptions {
  /** HOST:PORT of registries that may be reached over plain http (localhost and 127/8 always may). */
  insecureRegistries?: string[];
  credentials?: Record<string, Credentials>;
  /** TLS settings by HOST:PORT (registries.yaml). */
  tls?: Record<string, TlsSettings>;
  retries?: number;
  idleTimeoutMs?: number;
}

export interface FetchedManifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function isLoopbackRegistry(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

export class RegistryClient {
  private readonly tokens = new Map<string, string>();

  constructor(private readonly opts: RegistryClientOptions = {}) {}

  private insecure(host: string): boolean {
    return isLoopbackRegistry(host) || (this.opts.insecureRegistries ?? []).includes(host);
  }

  private base(ref: Reference): string {
    const host = ref.registry === 'docker.io' ? 'registry-1.docker.io' : ref.registry;
    return `${this.insecure(ref.registry) ? 'http' : 'https'}://${host}/v2/${ref.repository}`;
  }

  /** Sends with auth, redirects (Authorization dropped across hosts) and retries with backoff. */
  private async request(
    ref: Reference,
    method: string,
    path: string,
    opts: { headers?: Record<string, string>; body?: () => Buffer | Readable; scope?: string } = {},
  ): Promise<HttpResponse> {
    const scope = opts.scope ?? `repository:${ref.repository}:pull`;
    const attempts = this.opts.retries ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.authorized(ref, method, new URL(path.startsWith('http') ? path : this.base(ref) + path), opts, scope);
      } catch (err) {
        const retryAfter = (err as { retryAfterMs?: number }).retryAfterMs;
        if (!(err instanceof RegistryError) || !err.retryable || attempt >= attempts || opts.body) throw err;
        await sleep(retryAfter ?? Math.min(5000, 200 * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4));
      }
    }
  }

  private async authorized(
    ref: Reference,
    method: string,
    url: URL,
    opts: { headers?: Record<string, string>; body?: () => Buffer | Readable },
    scope: string,
  ): Promise<HttpResponse> {
    const key = `${ref.registry}|${scope}`;
    const withAuth = () => {
      const h: Record<string, string> = { ...opts.headers };
      const token = this.tokens.get(key);
      const creds = this.opts.credentials?.[ref.registry];
      if (token) h.Authorization = `Bearer ${token}`;
      else if (creds) h.Authorization = basic(creds);
      return h;
    };
    let res = await this.follow(method, url, withAuth(), opts.body);
    if (res.status === 401) {
      res.body.resume();
      const challenge = parseChallenge(res.headers['www-authenticate'] as string | undefined);
      if (challenge?.scheme === 'bearer') {
        this.tokens.set(key, await fetchToken(challenge, ref.registry, this.insecure(ref.registry), this.opts.credentials?.[ref.registry]));
        res = await this.follow(method, url, withAuth(), opts.body);
      }
    }
    if (res.status === 429 || res.status >= 500) {
      const text = await errorBody(res);
      const err = registryError(res.status, text, `${ref.registry}/${ref.repository}`);
      const after = Number(res.headers['retry-after']);
      throw Object.assign(err, Number.isFinite(after) ? { retryAfterMs: Math.min(after, 60) * 1000 } : {});
    }
    return res;
  }

  private async follow(method: string, url: URL, headers: Record<string, string>, body?: () => Buffer | Readable): Promise<HttpResponse> {
    let current = url;
    let h = headers;
    for (let hop = 0; hop < 5; hop++) {
      const res = await send({
        method,
        url: current,
        headers: h,
        body: body?.(),
        idleTimeoutMs: this.opts.idleTimeoutMs,
        tls: this.opts.tls?.[current.host],
      });
      if (![301, 302, 303, 307, 308].includes(res.status) || !res.headers.location) return res;
      res.body.resume();
      const next = new URL(res.headers.location, current);
      // Credentials are for the registry only, never for the storage it redirects to.
      if (next.host !== current.host) h = Object.fromEntries(Object.entries(h).filter(([k]) => k.toLowerCase() !== 'authorization'));
      current = next;
    }
    throw new RegistryError('REDIRECT', `too many redirects from ${url.host}`);
  }

  /** Fetches a manifest or index by tag or digest; the digest is computed here, never trusted from headers. */
  async manifest(ref: Reference, tagOrDigest: string): Promise<FetchedManifest> {
    const what = `${ref.registry}/${ref.repository}:${tagOrDigest}`;
    const res = await this.request(ref, 'GET', `/manifests/${tagOrDigest}`, { headers: { Accept: MANIFEST_ACCEPT } });
    const bytes = await readLimited(res.body, MAX_MANIFEST_BYTES, `the manifest of ${what}`);
    if (res.status !== 200) throw registryError(res.status, bytes.toString('utf8'), what);
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (tagOrDigest.startsWith('sha256:') && digest !== tagOrDigest) {
      throw new RegistryError('DIGEST_INVALID', `manifest of ${what} hashes to ${digest}; refused`);
    }
    const declared = (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType;
    const mediaType = declared ?? String(res.headers['content-type'] ?? '').split(';')[0]!;
    return { digest, mediaType, bytes };
  }

  /** Streams a blob; the caller verifies digest and size while storing it. */
  async blob(ref: Reference, desc: Descriptor): Promise<Readable> {
    const res = await this.request(ref, 'GET', `/blobs/${desc.digest}`);
    if (res.status !== 200) {
      const text = await errorBody(res);
      throw registryError(res.status, text, desc.digest);
    }
    return res.body;
  }

  async hasBlob(ref: Reference, digest: string): Promise<boolean> {
    const res = await this.request(ref, 'HEAD', `/blobs/${digest}`, { scope: `repository:${ref.repository}:pull,push` });
    res.body.resume();
    return res.status === 200;
  }

  /** Uploads a blob (cross-repository mount first when another repository of the registry has it). */
  async pushBlob(ref: Reference, desc: Descriptor, data: () => Readable, mountFrom?: string): Promise<'mounted' | 'uploaded'> {
    const scope = `repository:${ref.repository}:pull,push`;
    const mountQuery = mountFrom && mountFrom !== ref.repository ? `?mount=${desc.digest}&from=${encodeURIComponent(mountFrom)}` : '';
    const start = await this.request(ref, 'POST', `/blobs/uploads/${mountQuery}`, {
      scope,
      headers: { 'Content-Length': '0' },
      body: () => Buffer.alloc(0),
    });
    start.body.resume();
    if (start.status === 201 && mountQuery) return 'mounted';
    if (start.status !== 202 || !start.headers.location) throw registryError(start.status, '', `upload of ${desc.digest}`);
    const location = new URL(start.headers.location, this.base(ref) + '/');
    location.searchParams.set('digest', desc.digest);
    const put = await this.request(ref, 'PUT', location.toString(), {
      scope,
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(desc.size) },
      body: data,
    });
    const text = (await readLimited(put.body, 64 * 1024, 'upload reply')).toString();
    if (put.status !== 201) throw registryError(put.status, text, `upload of ${desc.digest}`);
    return 'uploaded';
  }

  async pushManifest(ref: Reference, tagOrDigest: string, mediaType: string, bytes: Buffer): Promise<void> {
    const res = await this.request(ref, 'PUT', `/manifests/${tagOrDigest}`, {
      scope: `repository:${ref.repository}:pull,push`,
      headers: { 'Content-Type': mediaType, 'Content-Length': String(bytes.length) },
      body: () => bytes,
    });
    const text = (await readLimited(res.body, 64 * 1024, 'manifest reply')).toString();
    if (res.status !== 201 && res.status !== 200) throw registryError(res.status, text, `${ref.repository}:${tagOrDigest}`);
  }
}

/**
 * The body of a failed response, for the error's detail. The status already says what failed:
 * a body that cannot be read (too long, the connection dropped) only leaves the detail out,
 * and the error is still thrown.
 */
async function errorBody(res: HttpResponse): Promise<string> {
  return (await readLimited(res.body, 64 * 1024, 'error body').catch(() => Buffer.alloc(0))).toString();
}
