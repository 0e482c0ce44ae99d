// What kind of failure an error is, asked the way client-go's apimachinery/pkg/api/errors asks:
// by the Status reason when the error has a known one, by the HTTP code otherwise. Reasons
// matter because one code means several things (409 is both AlreadyExists and Conflict).
// Besides StatusError, anything with a numeric `code` counts (a Status-shaped error from another
// component, say); without a known reason its code alone decides, so a bare 409 is taken for
// both AlreadyExists and Conflict, as a hand comparison of the code would.
import { StatusError, type StatusReason } from './status';

interface Classified {
  code: number;
  /** Undefined when the error carries no reason (a bare numeric code). */
  reason?: string;
}

/**
 * Every reason Kubernetes defines (a record, so a reason added to StatusReason must be added
 * here). A known reason decides on its own; an empty or unknown one leaves it to the code.
 */
const KNOWN: Record<Exclude<StatusReason, ''>, true> = {
  BadRequest: true,
  Unauthorized: true,
  Forbidden: true,
  NotFound: true,
  AlreadyExists: true,
  Conflict: true,
  Gone: true,
  Expired: true,
  Invalid: true,
  RequestEntityTooLarge: true,
  UnsupportedMediaType: true,
  MethodNotAllowed: true,
  NotAcceptable: true,
  TooManyRequests: true,
  Timeout: true,
  InternalError: true,
  ServiceUnavailable: true,
};

function isKnown(reason: string): reason is Exclude<StatusReason, ''> {
  return Object.hasOwn(KNOWN, reason);
}

function classify(err: unknown): Classified | undefined {
  if (err instanceof StatusError) return { code: err.code, reason: err.status.reason };
  if (typeof err !== 'object' || err === null || !('code' in err) || typeof err.code !== 'number') return undefined;
  const reason = 'reason' in err && typeof err.reason === 'string' ? err.reason : undefined;
  return { code: err.code, reason };
}

function is(err: unknown, code: number, reasons: readonly StatusReason[]): boolean {
  const c = classify(err);
  if (!c) return false;
  if (c.reason !== undefined && isKnown(c.reason)) return reasons.includes(c.reason);
  return c.code === code;
}

/** An error carrying an HTTP status code (any, or this one). */
export function isStatusError(err: unknown, code?: number): boolean {
  const c = classify(err);
  return c !== undefined && (code === undefined || c.code === code);
}

/** 404 NotFound: the object (or its namespace) does not exist. */
export function isNotFound(err: unknown): boolean {
  return is(err, 404, ['NotFound']);
}

/** 409 AlreadyExists: a create found the name taken. */
export function isAlreadyExists(err: unknown): boolean {
  return is(err, 409, ['AlreadyExists']);
}

/** 409 Conflict: a write lost a compare-and-swap race, or a precondition failed. */
export function isConflict(err: unknown): boolean {
  return is(err, 409, ['Conflict']);
}

/** 410 Gone or Expired: the revision asked for was compacted away; relist. */
export function isGone(err: unknown): boolean {
  return is(err, 410, ['Gone', 'Expired']);
}

/** 422 Invalid: the object failed validation. */
export function isInvalid(err: unknown): boolean {
  return is(err, 422, ['Invalid']);
}

/**
 * A catch handler that accepts only the expected failures (say, an object already gone) and
 * rethrows every other: `.catch(ignoring(isNotFound))` resolves to undefined on a 404.
 */
export function ignoring(...expected: ((err: unknown) => boolean)[]): (err: unknown) => undefined {
  return (err) => {
    if (expected.some((check) => check(err))) return undefined;
    throw err;
  };
}
