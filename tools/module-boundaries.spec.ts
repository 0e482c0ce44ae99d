import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkBoundaries } from './module-boundaries';

const repo = path.resolve(__dirname, '..');

describe('module boundaries', () => {
  it('holds for the whole repository', () => {
    const violations = checkBoundaries(repo).map((v) => `${v.file}:${v.line} ${v.message}`);
    expect(violations).toEqual([]);
  });

  it('flags a lib reaching into another lib and a node lib importing the control plane', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'boundaries-'));
    try {
      const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(tmp, file)), { recursive: true });
        fs.writeFileSync(path.join(tmp, file), text);
      };
      write(
        'tsconfig.json',
        JSON.stringify({
          compilerOptions: {
            paths: {
              '@stevedore/a': ['libs/a/src/index.ts'],
              '@stevedore/cp': ['libs/cp/src/index.ts'],
            },
          },
        }),
      );
      write('libs/a/project.json', JSON.stringify({ name: 'a', tags: ['scope:node', 'type:lib'] }));
      write('libs/cp/project.json', JSON.stringify({ name: 'cp', tags: ['scope:control-plane', 'type:lib'] }));
      write('libs/a/src/index.ts', "import { x } from '../../cp/src/x';\nimport { y } from '@stevedore/cp';\n");
      write('libs/cp/src/index.ts', 'export const y = 1;\n');
      const messages = checkBoundaries(tmp).map((v) => `${v.file}:${v.line}`);
      expect(messages).toEqual(['libs/a/src/index.ts:1', 'libs/a/src/index.ts:2']);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
