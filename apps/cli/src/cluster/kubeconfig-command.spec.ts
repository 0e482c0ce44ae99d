import { parseDuration } from './kubeconfig-command';

describe('parseDuration', () => {
  it('reads Go-style durations and days', () => {
    expect(parseDuration('24h')).toBe(86400);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('30d')).toBe(30 * 86400);
  });

  it('refuses anything else', () => {
    expect(() => parseDuration('24')).toThrow('invalid duration "24"');
    expect(() => parseDuration('1w')).toThrow('invalid duration');
    expect(() => parseDuration('h1')).toThrow('invalid duration');
  });
});
