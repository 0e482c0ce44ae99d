import { spawnSync } from 'child_process';
import { PerObjectGauge } from './per-object-gauge';

interface Thing {
  name: string;
  up: boolean;
}

describe('PerObjectGauge', () => {
  it('formats an object once per change, escapes label values, and forgets deleted objects', () => {
    let formatted = 0;
    const gauge = new PerObjectGauge<Thing>('thing_up', 'Whether a thing is up.\nOne per thing.', (t) => {
      formatted++;
      return [{ labels: { thing: t.name }, value: t.up ? 1 : 0 }];
    });
    gauge.set('a', { name: 'a "quoted" \\ name\nnext', up: true });
    gauge.set('b', { name: 'b', up: false });
    const first = gauge.exposition();
    expect(first).toBe(
      [
        '# HELP thing_up Whether a thing is up.\\nOne per thing.',
        '# TYPE thing_up gauge',
        'thing_up{thing="a \\"quoted\\" \\\\ name\\nnext"} 1',
        'thing_up{thing="b"} 0',
        '',
      ].join('\n'),
    );
    expect(spawnSync('promtool', ['check', 'metrics'], { input: first, encoding: 'utf8' }).status).toBe(0);

    gauge.exposition();
    expect(formatted).toBe(2);
    gauge.set('b', { name: 'b', up: true });
    gauge.delete('a');
    expect(gauge.exposition()).toBe(
      '# HELP thing_up Whether a thing is up.\\nOne per thing.\n# TYPE thing_up gauge\nthing_up{thing="b"} 1\n',
    );
    expect(formatted).toBe(3);
  });
});
