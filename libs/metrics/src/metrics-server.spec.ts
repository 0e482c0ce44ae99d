import { Counter } from 'prom-client';
import { isLoopback, startReadOnlyMetricsServer } from './metrics-server';
import { EXPOSITION_CONTENT_TYPE, exposition, newRegistry } from './registry';

describe('read-only metrics port', () => {
  it('binds to loopback addresses only', async () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['0.0.0.0', '198.18.0.1', '::'].map(isLoopback)).toEqual([false, false, false]);
    await expect(startReadOnlyMetricsServer('0.0.0.0', 0, {})).rejects.toThrow('loopback');
  });

  it("serves its registries' text on GET, 404 elsewhere, 405 for writes", async () => {
    const registry = newRegistry();
    new Counter({ name: 'demo_total', help: 'Demo.', registers: [registry] }).inc(3);
    const server = await startReadOnlyMetricsServer('127.0.0.1', 0, {
      '/metrics': { contentType: EXPOSITION_CONTENT_TYPE, body: () => exposition(registry) },
    });
    try {
      const res = await fetch(`${server.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(EXPOSITION_CONTENT_TYPE);
      expect(await res.text()).toContain('demo_total 3\n');
      expect((await fetch(`${server.url}/other`)).status).toBe(404);
      expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405);
    } finally {
      await server.close();
    }
  });

  it('gives each registry its own series and adds process metrics only when asked', async () => {
    const withProcess = await exposition(newRegistry({ processMetrics: true }));
    expect(withProcess).toMatch(/^process_cpu_seconds_total \d/m);
    expect(withProcess).toMatch(/^process_resident_memory_bytes \d/m);
    expect((await exposition(newRegistry())).trim()).toBe('');
  });
});
