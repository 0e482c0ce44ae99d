import { SchedulingQueue } from './scheduling-queue';

function drain(queue: SchedulingQueue): string[] {
  const keys: string[] = [];
  for (let key = queue.pop(); key !== undefined; key = queue.pop()) keys.push(key);
  return keys;
}

describe('SchedulingQueue', () => {
  it('gives higher priorities first and, among equals, the pod queued first', () => {
    const queue = new SchedulingQueue();
    queue.add('ns/low-1', 0);
    queue.add('ns/high-1', 1000);
    queue.add('ns/low-2', 0);
    queue.add('ns/negative', -5);
    queue.add('ns/high-2', 1000);
    queue.add('ns/critical', 2_000_000_000);
    expect(drain(queue)).toEqual(['ns/critical', 'ns/high-1', 'ns/high-2', 'ns/low-1', 'ns/low-2', 'ns/negative']);
  });

  it('keeps a key once, in its first place, until it is popped', () => {
    const queue = new SchedulingQueue();
    queue.add('ns/a', 0);
    queue.add('ns/b', 0);
    queue.add('ns/a', 0);
    expect(queue.size).toBe(2);
    expect(queue.pop()).toBe('ns/a');
    expect(queue.has('ns/a')).toBe(false);
    queue.add('ns/a', 0);
    expect(drain(queue)).toEqual(['ns/b', 'ns/a']);
  });

  it('pops what a full scan of the waiting pods would choose, through interleaved adds and pops', () => {
    const queue = new SchedulingQueue();
    const waiting: { key: string; priority: number; order: number }[] = [];
    const best = () => waiting.reduce((a, b) => (b.priority > a.priority || (b.priority === a.priority && b.order < a.order) ? b : a));
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const entry = { key: `ns/p${i}`, priority: random() % 7, order: i };
      queue.add(entry.key, entry.priority);
      waiting.push(entry);
      if (random() % 3 === 0 || i === 1999) {
        const pops = i === 1999 ? waiting.length : 1;
        for (let p = 0; p < pops; p++) {
          const expected = best();
          waiting.splice(waiting.indexOf(expected), 1);
          expect(queue.pop()).toBe(expected.key);
        }
      }
    }
    expect(queue.size).toBe(0);
  });
});
