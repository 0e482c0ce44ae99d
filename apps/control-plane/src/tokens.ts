/** Nest injection tokens for values that are not classes. */
export const CONFIG = Symbol('CONFIG');
export const REST = Symbol('REST');
export const IDENTITY = Symbol('IDENTITY');
export const HEALTH = Symbol('HEALTH');
