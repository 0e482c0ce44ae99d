// Docker's human formats: decimal sizes ("1.24MB"), "2 minutes ago", "Up 3 seconds", "Exited (0) 5 seconds ago".

export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = value >= 100 || unit === 0 ? 0 : value >= 10 ? 1 : 2;
  return `${Number(value.toFixed(digits))}${units[unit]}`;
}

export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 1) return 'Less than a second';
  if (s === 1) return '1 second';
  if (s < 60) return `${s} seconds`;
  const m = Math.round(s / 60);
  if (m === 1) return 'About a minute';
  if (m < 60) return `${m} minutes`;
  const h = Math.round(s / 3600);
  if (h === 1) return 'About an hour';
  if (h < 48) return `${h} hours`;
  const d = Math.round(h / 24);
  if (d < 14) return `${d} days`;
  if (d < 60) return `${Math.round(d / 7)} weeks`;
  if (d < 365 * 2) return `${Math.round(d / 30)} months`;
  return `${Math.round(d / 365)} years`;
}

export function ago(iso: string | undefined, now = Date.now()): string {
  if (!iso) return 'N/A';
  return `${humanDuration(now - Date.parse(iso))} ago`;
}

export function containerStatus(
  c: { state?: string; startedAt?: string; finishedAt?: string; exitCode?: number; oomKilled?: boolean },
  now = Date.now(),
): string {
  if (c.state === 'running') return `Up ${humanDuration(now - Date.parse(c.startedAt ?? ''))}`;
  if (c.state === 'exited') return `Exited (${c.exitCode ?? 0})${c.oomKilled ? ' (OOMKilled)' : ''} ${ago(c.finishedAt, now)}`;
  return 'Created';
}

/** "64m", "1g", "512k", "1048576" → bytes, as docker --memory reads them. */
export function parseMemory(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(text.trim());
  if (!m) throw new Error(`invalid memory size "${text}": use a number with an optional unit b, k, m or g (e.g. 64m)`);
  const factor = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'b' | 'k' | 'm' | 'g'];
  const bytes = Math.floor(Number(m[1]) * factor);
  if (bytes < 6 * 1024 * 1024) throw new Error(`minimum memory limit allowed is 6MB (got ${text})`);
  return bytes;
}
