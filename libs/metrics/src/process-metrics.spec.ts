import * as path from 'path';
import { openFds } from './process-metrics';

describe('process_open_fds', () => {
  it("counts this process's descriptors, has no value without /proc, and fails on anything else", () => {
    expect(openFds()).toBeGreaterThan(2);
    expect(openFds('/nonexistent-proc/self/fd')).toBeUndefined();
    expect(() => openFds(path.join(__filename))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });
});
