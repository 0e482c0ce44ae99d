// The trend of a sampled quantity (memory, descriptors, handles) over time: a least-squares line
// through the samples. A soak test reads its slope to tell a leak (growth that goes on) from
// noise (a garbage collector's sawtooth, work in flight), which a first-vs-last difference cannot.

export interface Sample {
  /** Seconds since any fixed origin. */
  t: number;
  value: number;
}

/** The slope of the least-squares line through the samples, in value units per second. */
export function leastSquaresSlope(samples: readonly Sample[]): number {
  if (samples.length < 2) throw new Error(`a slope needs two samples or more, got ${samples.length}`);
  const n = samples.length;
  const meanT = samples.reduce((sum, s) => sum + s.t, 0) / n;
  const meanV = samples.reduce((sum, s) => sum + s.value, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const s of samples) {
    covariance += (s.t - meanT) * (s.value - meanV);
    variance += (s.t - meanT) ** 2;
  }
  if (variance === 0) throw new Error('a slope needs samples taken at different times');
  return covariance / variance;
}

/** The later half of the samples: the part after start-up and warm-up, where a leak shows as growth. */
export function secondHalf<T>(samples: readonly T[]): T[] {
  return samples.slice(Math.floor(samples.length / 2));
}
