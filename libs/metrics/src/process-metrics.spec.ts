import * as net from 'net';
import * as path from 'path';
import { activeHandles, activeResources, openFds } from './process-metrics';

describe('process_open_fds', () => {
  it("counts this process's descriptors, has no value without /proc, and fails on anything else", () => {
    expect(openFds()).toBeGreaterThan(2);
    expect(openFds('/nonexistent-proc/self/fd')).toBeUndefined();
    expect(() => openFds(path.join(__filename))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });
});

describe('nodejs_active_handles and nodejs_active_resources', () => {
  it('count a server while it listens and no longer once it is closed', async () => {
    const servers = () => activeHandles().get('Server') ?? 0;
    const before = servers();
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    expect(servers()).toBe(before + 1);
    expect(activeResources().get('TCPServerWrap')).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => server.close(resolve));
    // libuv drops the closed handle from its list a few turns of the loop later.
    for (let i = 0; i < 100 && servers() > before; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(servers()).toBe(before);
  });

  it('count a timer among the resources until it is cleared', () => {
    const timers = () => activeResources().get('Timeout') ?? 0;
    const before = timers();
    const timer = setInterval(() => undefined, 60_000);
    expect(timers()).toBe(before + 1);
    clearInterval(timer);
    expect(timers()).toBe(before);
  });
});
