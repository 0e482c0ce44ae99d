/**
 * A deep copy of a JSON value. API objects are plain JSON, and this copies one several times
 * faster than structuredClone (which serializes through V8's value serializer), on paths that
 * copy every object written.
 */
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  // Anything but a plain object (a Buffer, a Date) is copied the slow, general way.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = cloneJson((value as Record<string, unknown>)[key]);
  return copy as T;
}
