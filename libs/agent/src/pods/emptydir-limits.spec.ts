import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { emptyDirOverLimit } from './emptydir-limits';
import { tmpfsSize } from './memory-volumes';

describe('emptyDir limits', () => {
  it('names the first disk emptyDir holding more than its sizeLimit, in the kubelet words', async () => {
    const podDir = await fs.mkdtemp(path.join(os.tmpdir(), 'emptydir-'));
    try {
      await fs.mkdir(path.join(podDir, 'volumes', 'scratch'), { recursive: true });
      await fs.writeFile(path.join(podDir, 'volumes', 'scratch', 'fill'), Buffer.alloc(2048));
      const pod = (limit: string) => ({ spec: { volumes: [{ name: 'scratch', emptyDir: { sizeLimit: limit } }] } });
      expect(await emptyDirOverLimit(pod('1Ki'), podDir)).toBe('Usage of EmptyDir volume "scratch" exceeds the limit "1Ki".');
      expect(await emptyDirOverLimit(pod('4Ki'), podDir)).toBeUndefined();
    } finally {
      await fs.rm(podDir, { recursive: true, force: true });
    }
  });

  it('sizes a memory emptyDir by its sizeLimit, capped by the pod memory limits', () => {
    const volume = { emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } };
    const limited = (memory: string) => ({ spec: { containers: [{ resources: { limits: { memory } } }] } });
    expect(tmpfsSize({ spec: { containers: [{}] } }, volume)).toBe(64 * 1024 * 1024);
    expect(tmpfsSize(limited('16Mi'), volume)).toBe(16 * 1024 * 1024);
    expect(tmpfsSize({ spec: { containers: [{}] } }, { emptyDir: { medium: 'Memory' } })).toBe(0);
  });
});
