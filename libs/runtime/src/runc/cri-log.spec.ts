import { parseCriLog } from './cri-log';

describe('CRI logs', () => {
  it('joins partial lines per stream and keeps order', () => {
    const text = [
      '2026-01-01T00:00:00.000000001Z stdout P hel',
      '2026-01-01T00:00:00.000000002Z stderr F oops',
      '2026-01-01T00:00:00.000000003Z stdout F lo',
      'garbage line',
      '2026-01-01T00:00:00.000000004Z stdout F ',
    ].join('\n');
    expect(parseCriLog(text).map((e) => `${e.stream}:${e.line}`)).toEqual(['stderr:oops', 'stdout:hello', 'stdout:']);
  });
});
