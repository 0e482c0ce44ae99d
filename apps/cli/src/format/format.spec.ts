import { containerStatus, humanSize, parseMemory } from './human';
import { containersTable, imagesTable } from './listings';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();

describe('CLI formats', () => {
  it('prints sizes, statuses and memory flags like Docker', () => {
    expect([humanSize(0), humanSize(999), humanSize(1234567), humanSize(12345678), humanSize(2.5e9)]).toEqual([
      '0B',
      '999B',
      '1.23MB',
      '12.3MB',
      '2.5GB',
    ]);
    expect(containerStatus({ state: 'running', startedAt: ago(3) }, NOW)).toBe('Up 3 seconds');
    expect(containerStatus({ state: 'exited', exitCode: 137, oomKilled: true, finishedAt: ago(120) }, NOW)).toBe(
      'Exited (137) (OOMKilled) 2 minutes ago',
    );
    expect(containerStatus({ state: 'created' }, NOW)).toBe('Created');
    expect(parseMemory('64m')).toBe(64 * 1024 * 1024);
    expect(parseMemory('1g')).toBe(1024 ** 3);
    expect(() => parseMemory('lots')).toThrow(/invalid memory size/);
    expect(() => parseMemory('1k')).toThrow(/minimum memory limit/);
  });

  it('lists images one row per tag with dangling ones as <none>', () => {
    const out = imagesTable(
      [
        {
          id: 'sha256:' + 'a'.repeat(64),
          tags: ['docker.io/library/busybox:1', '127.0.0.1:5000/me/app:v2'],
          repoDigests: [],
          created: ago(7200),
          virtualSize: 1234567,
          uniqueSize: 0,
          layers: 1,
          containers: 0,
        },
        {
          id: 'sha256:' + 'b'.repeat(64),
          tags: [],
          repoDigests: [],
          created: ago(60),
          virtualSize: 2000,
          uniqueSize: 0,
          layers: 1,
          containers: 0,
        },
      ],
      NOW,
    );
    expect(out.split('\n')).toEqual([
      'REPOSITORY              TAG      IMAGE ID       CREATED              SIZE',
      'busybox                 1        aaaaaaaaaaaa   2 hours ago          1.23MB',
      '127.0.0.1:5000/me/app   v2       aaaaaaaaaaaa   2 hours ago          1.23MB',
      '<none>                  <none>   bbbbbbbbbbbb   About a minute ago   2kB',
      '',
    ]);
  });

  it('lists containers with sizes', () => {
    const out = containersTable(
      [
        {
          id: 'c'.repeat(64),
          name: 'web',
          image: 'busybox:1',
          imageId: '',
          command: ['httpd', '-f'],
          state: 'running',
          createdAt: ago(10),
          startedAt: ago(5),
          finishedAt: '',
          exitCode: 0,
          oomKilled: false,
          pid: 1,
          restartCount: 0,
          sizeRw: 12,
          sizeRootFs: 1200012,
          labels: {},
        },
      ],
      true,
      NOW,
    );
    expect(out.split('\n')[1]).toBe('cccccccccccc   busybox:1   "httpd -f"   10 seconds ago   Up 5 seconds   web     12B (virtual 1.2MB)');
  });
});
