import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ALL_CAPABILITIES, capabilitiesFromMask, nodeCapabilities } from './capabilities';
import { DEFAULT_CAPABILITIES } from './security-defaults';

describe('capability masks', () => {
  it('reads the names set in a /proc status mask, in bit order', () => {
    expect(capabilitiesFromMask('00000000a80425fb')).toEqual(ALL_CAPABILITIES.filter((c) => DEFAULT_CAPABILITIES.includes(c)));
    expect(capabilitiesFromMask('000001ffffffffff')).toEqual(ALL_CAPABILITIES);
    expect(capabilitiesFromMask('000001fffeffffff')).not.toContain('CAP_SYS_RESOURCE');
    expect(capabilitiesFromMask('0000000000000000')).toEqual([]);
  });

  it("reads a process's bounding set from its status file", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'caps-'));
    const file = path.join(dir, 'status');
    await fs.writeFile(file, 'Name:\tx\nCapEff:\t0000000000000000\nCapBnd:\t0000000000003000\n');
    expect(await nodeCapabilities(file)).toEqual(['CAP_NET_ADMIN', 'CAP_NET_RAW']);
    await fs.writeFile(file, 'Name:\tx\n');
    await expect(nodeCapabilities(file)).rejects.toThrow('has no CapBnd line');
    await fs.rm(dir, { recursive: true });
  });
});
