import { bytes, milliCpu, parseQuantity } from './quantity';

describe('quantities', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    ['64Mi', 64 * 1024 * 1024],
    ['1Gi', 2 ** 30],
    ['1.5G', 1.5e9],
    ['2e3', 2000],
    ['100k', 1e5],
  ])('parses %s', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value);
  });

  it.each(['', 'lots', '1.5.5', '10Xi', 'm'])('rejects %p', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });

  it('converts CPU to millicores and memory to bytes', () => {
    expect(milliCpu('250m')).toBe(250);
    expect(milliCpu(1)).toBe(1000);
    expect(milliCpu(undefined)).toBe(0);
    // Nanocores as the metrics API reports them; still rounded up when a fraction is left.
    expect(milliCpu('90000000n')).toBe(90);
    expect(milliCpu('90000001n')).toBe(91);
    expect(bytes('1Ki')).toBe(1024);
  });
});
