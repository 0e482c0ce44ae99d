import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeTokens } from './node-tokens';

describe('NodeTokens', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'node-tokens-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('maps each token to its node, after a reload too, and nothing else to any node', async () => {
    const file = path.join(dir, 'node-tokens.json');
    const tokens = await NodeTokens.open(file);
    const a = await tokens.issue('node-a');
    const b = await tokens.issue('node-b');
    expect(await tokens.issue('node-a')).toBe(a);
    expect([tokens.nodeOf(a), tokens.nodeOf(b)]).toEqual(['node-a', 'node-b']);
    expect(tokens.nodeOf(`${a}x`)).toBeUndefined();
    expect(tokens.nodeOf('')).toBeUndefined();
    const reloaded = await NodeTokens.open(file);
    expect([reloaded.nodeOf(a), reloaded.nodeOf(b)]).toEqual(['node-a', 'node-b']);
  });
});
