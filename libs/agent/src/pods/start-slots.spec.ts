import { PassSlot, StartSlots } from './start-slots';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('StartSlots', () => {
  it('lets up to the limit in at once and the rest in arrival order as slots are given back', async () => {
    const slots = new StartSlots(2);
    const order: string[] = [];
    const releases = new Map<string, () => void>();
    for (const name of ['a', 'b', 'c', 'd']) {
      void slots.acquire().then((release) => {
        order.push(name);
        releases.set(name, release);
      });
    }
    await tick();
    expect(order).toEqual(['a', 'b']);
    expect(slots.queued).toBe(2);
    releases.get('b')!();
    await tick();
    expect(order).toEqual(['a', 'b', 'c']);
    expect(slots.inUse).toBe(2);
    releases.get('a')!();
    releases.get('c')!();
    await tick();
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    releases.get('d')!();
    expect(slots.inUse).toBe(0);
  });

  it('ignores a second release of the same slot', async () => {
    const slots = new StartSlots(1);
    const release = await slots.acquire();
    release();
    release();
    expect(slots.inUse).toBe(0);
    const again = await slots.acquire();
    expect(slots.inUse).toBe(1);
    again();
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new StartSlots(0)).toThrow(/positive integer/);
    expect(() => new StartSlots(1.5)).toThrow(/positive integer/);
  });
});

describe('PassSlot', () => {
  it('takes one slot however often a pass asks, and gives it back when the pass ends', async () => {
    const slots = new StartSlots(1);
    const pass = new PassSlot(slots);
    await pass.take();
    await pass.take();
    expect(slots.inUse).toBe(1);
    pass.done();
    expect(slots.inUse).toBe(0);
  });

  it('costs nothing for a pass that never needed a slot', () => {
    const slots = new StartSlots(1);
    new PassSlot(slots).done();
    expect(slots.inUse).toBe(0);
  });

  it('gives back a slot that arrives after the pass has ended', async () => {
    const slots = new StartSlots(1);
    const first = await slots.acquire();
    const pass = new PassSlot(slots);
    void pass.take();
    pass.done();
    first();
    await tick();
    await tick();
    expect(slots.inUse).toBe(0);
    expect(slots.queued).toBe(0);
  });

  it('does not wait without slots', async () => {
    const pass = new PassSlot(undefined);
    await pass.take();
    pass.done();
  });
});
