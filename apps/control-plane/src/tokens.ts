/** Nest injection tokens for values that are not classes. */
export const CONFIG = Symbol('CONFIG');
export const STORE = Symbol('STORE');
