import { execFile } from 'child_process';
import * as path from 'path';

// The build (SWC) strips types without checking them, so the type check is a test of its own.
it('type-checks the whole repository', async () => {
  const root = path.resolve(__dirname, '..');
  const result = await new Promise<{ code: number; out: string }>((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json'), '--noEmit'],
      { cwd: root, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? 1 : 0, out: stdout + stderr }),
    );
  });
  expect(result.out).toBe('');
  expect(result.code).toBe(0);
}, 300000);
