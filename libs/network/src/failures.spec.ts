import { ignoreIpGone, runEvery } from './failures';

const ipFails = (stderr: string) => Promise.reject(new Error(`Command failed: ip …\n${stderr}\n`));

describe('network failures', () => {
  it('ignoreIpGone: a missing device, namespace or route is undefined', async () => {
    expect(await ignoreIpGone(Promise.resolve('done'))).toBe('done');
    expect(await ignoreIpGone(ipFails('Cannot find device "stvd0"'))).toBeUndefined();
    expect(await ignoreIpGone(ipFails('Device "eth0" does not exist.'))).toBeUndefined();
    expect(await ignoreIpGone(ipFails('Cannot remove namespace file "/run/netns/x": No such file or directory'))).toBeUndefined();
    expect(await ignoreIpGone(ipFails('RTNETLINK answers: No such process'))).toBeUndefined();
  });

  it('ignoreIpGone: anything else rejects', async () => {
    await expect(ignoreIpGone(ipFails('RTNETLINK answers: Operation not permitted'))).rejects.toThrow('Operation not permitted');
    await expect(ignoreIpGone(ipFails('Cannot remove namespace file "/run/netns/x": Device or resource busy'))).rejects.toThrow('busy');
  });

  it('runEvery: runs the steps after a failure, then reports every failure', async () => {
    const ran: string[] = [];
    const step = (name: string, fail?: string) => async () => {
      ran.push(name);
      if (fail) throw new Error(fail);
    };
    await expect(runEvery([step('a'), step('b')])).resolves.toBeUndefined();
    await expect(runEvery([step('c', 'c broke'), step('d')])).rejects.toThrow('c broke');
    const both = await runEvery([step('e', 'e broke'), step('f', 'f broke'), step('g')]).catch((err: unknown) => err);
    expect(both).toBeInstanceOf(AggregateError);
    expect((both as AggregateError).errors.map((e: Error) => e.message)).toEqual(['e broke', 'f broke']);
    expect((both as Error).message).toBe('e broke; f broke');
    expect(ran).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });
});
