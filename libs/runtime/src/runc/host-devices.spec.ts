import { hostDevices } from './host-devices';

describe('host devices', () => {
  it("lists the node's device nodes with their numbers, leaving out ptys, shm and the console", async () => {
    const devices = await hostDevices();
    expect(devices).toContainEqual(expect.objectContaining({ path: '/dev/null', type: 'c', major: 1, minor: 3 }));
    expect(devices.find((d) => d.path === '/dev/zero')).toMatchObject({ major: 1, minor: 5, fileMode: 0o666 });
    expect(devices.some((d) => d.path.startsWith('/dev/pts/') || d.path === '/dev/console')).toBe(false);
  });

  it('answers an empty list for a folder that is not there', async () => {
    expect(await hostDevices('/dev/no-such-folder')).toEqual([]);
  });
});
