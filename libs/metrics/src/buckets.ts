// Histogram buckets in seconds, shaped like the ones Kubernetes components use, so the
// quantiles people already compute from them mean the same thing here.

/** API requests: 5 ms to 60 s. */
export const REQUEST_SECONDS = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];

/** Storage and in-memory work: 0.5 ms to 10 s. */
export const FAST_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Slow, end-to-end operations (pod start, image pull): 0.1 s to 10 min. */
export const SLOW_SECONDS = [0.1, 0.25, 0.5, 1, 2, 3, 4, 5, 6, 8, 10, 20, 30, 45, 60, 120, 180, 240, 300, 360, 480, 600];
