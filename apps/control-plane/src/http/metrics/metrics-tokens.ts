/** Nest injection tokens of the metrics parts. */
export const METRICS = Symbol('METRICS');
export const RESOURCE_METRICS = Symbol('RESOURCE_METRICS');
export const GATEWAY = Symbol('GATEWAY');
