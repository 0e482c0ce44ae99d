import { leastSquaresSlope, secondHalf } from './trend';

describe('leastSquaresSlope', () => {
  it('finds the growth under a sawtooth and noise', () => {
    // 2 units a second plus a sawtooth of 50 (a collector's cycle): the line sees through it.
    const samples = Array.from({ length: 120 }, (_, i) => ({ t: i * 10, value: 1000 + 2 * i * 10 + ((i % 6) * 10 - 25) }));
    expect(leastSquaresSlope(samples)).toBeCloseTo(2, 1);
  });

  it('is zero for a flat series and negative for a falling one', () => {
    expect(leastSquaresSlope([0, 1, 2, 3].map((t) => ({ t, value: 7 })))).toBe(0);
    expect(leastSquaresSlope([0, 1, 2].map((t) => ({ t, value: 10 - 3 * t })))).toBeCloseTo(-3);
  });

  it('refuses what has no slope', () => {
    expect(() => leastSquaresSlope([{ t: 0, value: 1 }])).toThrow('two samples');
    expect(() => leastSquaresSlope([1, 2].map((value) => ({ t: 5, value })))).toThrow('different times');
  });
});

describe('secondHalf', () => {
  it('keeps the later half, the middle sample with it', () => {
    expect(secondHalf([1, 2, 3, 4, 5])).toEqual([3, 4, 5]);
    expect(secondHalf([1, 2, 3, 4])).toEqual([3, 4]);
  });
});
