// Registry errors with the distribution spec's codes, turned into messages a user can act on.
export class RegistryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RegistryError';
  }

  /** Errors worth retrying: the registry was busy or broken, not the request wrong. */
  get retryable(): boolean {
    return this.status === 429 || (this.status !== undefined && this.status >= 500) || this.code === 'CONNECTION';
  }
}

const FRIENDLY: Record<string, (what: string) => string> = {
  MANIFEST_UNKNOWN: (w) => `image not found: ${w}: manifest unknown`,
  NAME_UNKNOWN: (w) => `image not found: ${w}: repository name not known to registry`,
  BLOB_UNKNOWN: (w) => `blob unknown to registry: ${w}`,
  UNAUTHORIZED: (w) => `unauthorized: authentication required for ${w}`,
  DENIED: (w) => `access denied to ${w}`,
  TOOMANYREQUESTS: (w) => `too many requests to the registry for ${w}; try again later`,
  MANIFEST_INVALID: (w) => `the registry rejected the manifest of ${w} as invalid`,
  DIGEST_INVALID: (w) => `the registry reports a digest mismatch for ${w}`,
  UNSUPPORTED: (w) => `the registry does not support this operation on ${w}`,
};

/** Builds the error for an HTTP failure from the registry's JSON body (or lack of one). */
export function registryError(status: number, body: string, what: string): RegistryError {
  let code =
    status === 404
      ? 'MANIFEST_UNKNOWN'
      : status === 401
        ? 'UNAUTHORIZED'
        : status === 403
          ? 'DENIED'
          : status === 429
            ? 'TOOMANYREQUESTS'
            : 'UNKNOWN';
  let detail = '';
  try {
    const parsed = JSON.parse(body) as { errors?: { code?: string; message?: string }[] };
    const first = parsed.errors?.[0];
    if (first?.code) code = first.code;
    detail = first?.message ?? '';
  } catch {
    // Not JSON (an HTML error page, a proxy's text): keep the status-derived code.
  }
  const friendly = FRIENDLY[code];
  const message = friendly ? friendly(what) : `registry error ${status} ${code}${detail ? `: ${detail}` : ''} for ${what}`;
  return new RegistryError(code, message, status);
}
