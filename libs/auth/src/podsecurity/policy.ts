// The namespace side of Pod Security admission: which level, at which version of the standard,
// each mode (enforce, warn, audit) asks for, read from the namespace's labels.

/** The three Pod Security Standards, from least to most restrictive. */
export type Level = 'privileged' | 'baseline' | 'restricted';
export type Mode = 'enforce' | 'warn' | 'audit';

export const LEVELS: readonly Level[] = ['privileged', 'baseline', 'restricted'];
export const MODES: readonly Mode[] = ['enforce', 'warn', 'audit'];
export const LABEL_PREFIX = 'pod-security.kubernetes.io/';

/**
 * The newest minor version of the standard this server knows, as kube-apiserver's own version
 * (1.32): `latest` and any newer `v1.X` evaluate the checks as of this version.
 */
export const LATEST_MINOR = 32;

/** A level at a version of the standard; `minor` undefined means `latest`. */
export interface LevelVersion {
  level: Level;
  minor?: number;
}

export type NamespacePolicy = Record<Mode, LevelVersion>;

/** A label that does not parse, with what Kubernetes says about it. */
export interface LabelError {
  label: string;
  value: string;
  message: string;
}

export function levelLabel(mode: Mode): string {
  return `${LABEL_PREFIX}${mode}`;
}

export function versionLabel(mode: Mode): string {
  return `${LABEL_PREFIX}${mode}-version`;
}

/** `baseline:latest`, `restricted:v1.25`, as Kubernetes prints a policy in its messages. */
export function policyString(lv: LevelVersion): string {
  return `${lv.level}:${lv.minor === undefined ? 'latest' : `v1.${lv.minor}`}`;
}

/** The minor version the checks run at: `latest` and versions past it are the newest checks. */
export function effectiveMinor(lv: LevelVersion): number {
  return lv.minor === undefined ? LATEST_MINOR : Math.min(lv.minor, LATEST_MINOR);
}

export function sameLevelVersion(a: LevelVersion, b: LevelVersion): boolean {
  return a.level === b.level && effectiveMinor(a) === effectiveMinor(b);
}

/**
 * The policy a namespace's labels ask for. A mode without a label is privileged; an unparseable
 * level or version falls back to restricted:latest for that mode (failing closed, as Kubernetes
 * does), and is reported so a namespace write carrying it can be refused.
 */
export function policyOf(labels: Record<string, string> | undefined): { policy: NamespacePolicy; errors: LabelError[] } {
  const errors: LabelError[] = [];
  const entries = MODES.map((mode): [Mode, LevelVersion] => {
    const level = parseLevel(labels?.[levelLabel(mode)], levelLabel(mode), errors);
    const minor = parseVersion(labels?.[versionLabel(mode)], versionLabel(mode), errors);
    if (level === undefined || minor === null) return [mode, { level: 'restricted' }];
    return [mode, { level, minor }];
  });
  return { policy: Object.fromEntries(entries) as NamespacePolicy, errors };
}

function parseLevel(value: string | undefined, label: string, errors: LabelError[]): Level | undefined {
  if (value === undefined) return 'privileged';
  if ((LEVELS as readonly string[]).includes(value)) return value as Level;
  errors.push({ label, value, message: `must be one of ${LEVELS.join(', ')}` });
  return undefined;
}

/** The minor version, undefined for `latest` (or no label), null when it does not parse. */
function parseVersion(value: string | undefined, label: string, errors: LabelError[]): number | undefined | null {
  if (value === undefined || value === 'latest') return undefined;
  const match = /^v1\.(0|[1-9][0-9]*)$/.exec(value);
  if (match) return Number(match[1]);
  errors.push({ label, value, message: 'must be "latest" or "v1.x"' });
  return null;
}
