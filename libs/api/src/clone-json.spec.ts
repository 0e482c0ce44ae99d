import { cloneJson } from './clone-json';

describe('cloneJson', () => {
  it('copies nested objects and arrays so changes to the copy never reach the original', () => {
    const original = {
      metadata: { name: 'a', labels: { x: '1' } },
      spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] },
      n: 0,
      ok: false,
      none: null,
    };
    const copy = cloneJson(original);
    expect(copy).toEqual(original);
    copy.metadata.labels.x = '2';
    copy.spec.containers[0]!.ports.push({ containerPort: 81 });
    expect(original.metadata.labels.x).toBe('1');
    expect(original.spec.containers[0]!.ports).toHaveLength(1);
  });

  it('copies values that are not plain JSON faithfully', () => {
    const original = { data: Buffer.from('secret'), at: new Date(0) };
    const copy = cloneJson(original);
    expect(Buffer.from(copy.data).toString()).toBe('secret');
    expect(copy.at.getTime()).toBe(0);
    expect(copy.data).not.toBe(original.data);
  });

  it('passes primitives through', () => {
    expect(cloneJson('s')).toBe('s');
    expect(cloneJson(3)).toBe(3);
    expect(cloneJson(null)).toBeNull();
  });
});
