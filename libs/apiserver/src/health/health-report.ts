// /livez, /readyz and /healthz as kube-apiserver answers them: named checks, `?verbose` for
// one line per check, `?exclude=NAME` to leave checks out, `/livez/NAME` for one check. A
// failure's reason goes to the log, never to the response ("reason withheld"), as upstream.

/** One named check: resolves when healthy, rejects with the reason otherwise. */
export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

export interface HealthQuery {
  verbose: boolean;
  exclude: string[];
}

export interface HealthAnswer {
  status: 200 | 404 | 500;
  body: string;
  /** Failed checks and why, for the log. */
  failures: { name: string; reason: string }[];
}

/** Runs every check (in parallel) not excluded and words the answer for `endpoint` (livez, readyz, healthz). */
export async function healthReport(endpoint: string, checks: HealthCheck[], query: HealthQuery): Promise<HealthAnswer> {
  const excluded = new Set(query.exclude);
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      if (excluded.has(name)) return { name, excluded: true };
      const reason = await check().then(
        () => undefined,
        (err: unknown) => (err instanceof Error ? err.message : String(err)),
      );
      return { name, excluded: false, reason };
    }),
  );
  const failures = results.flatMap((r) => (r.reason === undefined ? [] : [{ name: r.name, reason: r.reason }]));
  if (!failures.length && !query.verbose) return { status: 200, body: 'ok', failures };
  const lines = results.map((r) =>
    r.excluded ? `[+]${r.name} excluded: ok` : r.reason === undefined ? `[+]${r.name} ok` : `[-]${r.name} failed: reason withheld`,
  );
  const unknown = [...excluded].filter((name) => !checks.some((c) => c.name === name));
  if (unknown.length) lines.push(`warn: some health checks cannot be excluded: no matches for ${unknown.map((n) => `"${n}"`).join(',')}`);
  lines.push(`${endpoint} check ${failures.length ? 'failed' : 'passed'}`);
  return { status: failures.length ? 500 : 200, body: `${lines.join('\n')}\n`, failures };
}

/** `/livez/NAME`: that check alone; 404 for a name that is not a check. */
export async function singleHealthCheck(checks: HealthCheck[], name: string): Promise<HealthAnswer> {
  const found = checks.find((c) => c.name === name);
  if (!found) return { status: 404, body: '404 page not found\n', failures: [] };
  try {
    await found.check();
    return { status: 200, body: 'ok', failures: [] };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { status: 500, body: 'internal server error: reason withheld\n', failures: [{ name, reason }] };
  }
}

/** A check that fails when `probe` does not settle within `timeoutMs` (a hung etcd must not hang the probe). */
export function withTimeout(name: string, timeoutMs: number, probe: () => Promise<unknown>): HealthCheck {
  return {
    name,
    check: () =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        probe().then(
          () => {
            clearTimeout(timer);
            resolve();
          },
          (err: unknown) => {
            clearTimeout(timer);
            reject(err);
          },
        );
      }),
  };
}
