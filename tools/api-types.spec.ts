import { execFile } from 'child_process';
import { join } from 'path';

// The Kubernetes types are generated from the OpenAPI definitions kept as data: a stale or
// hand-edited file would let types and validation drift apart.
it('libs/api/src/generated/kubernetes-types.ts is what npm run api:gen writes', async () => {
  const root = join(__dirname, '..');
  const result = await new Promise<{ code: number; out: string }>((resolve) => {
    execFile('node', ['scripts/api-types-gen.js', '--check'], { cwd: root }, (err, stdout, stderr) =>
      resolve({ code: err ? 1 : 0, out: stdout + stderr }),
    );
  });
  expect(result.out).toBe('');
  expect(result.code).toBe(0);
});
