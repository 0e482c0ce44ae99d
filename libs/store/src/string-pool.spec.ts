import { StringPool } from './string-pool';

describe('StringPool', () => {
  // Which copy a string is cannot be seen from JavaScript; what can be is that every short value
  // in the tree, nested ones too, went through the pool and the trees read the same after.
  it('pools every short value of nested objects and arrays and leaves the trees equal', () => {
    const pool = new StringPool();
    const a = JSON.parse('{"spec":{"image":"busybox:1.36","ports":[{"protocol":"TCP"}]},"n":1,"z":null,"t":true}');
    const b = JSON.parse('{"spec":{"image":"busybox:1.36","ports":[{"protocol":"TCP"}]},"n":1,"z":null,"t":true}');
    const before = JSON.stringify(b);
    pool.internAll(a);
    pool.internAll(b);
    expect(JSON.stringify(b)).toBe(before);
    expect(pool.size).toBe(2);
    expect(JSON.stringify(a)).toBe(before);
  });

  it('leaves long strings alone and forgets everything once full', () => {
    const pool = new StringPool(2);
    pool.internAll({ message: 'x'.repeat(97), a: 'one', b: 'two' });
    expect(pool.size).toBe(2);
    pool.intern('three');
    expect(pool.size).toBe(1);
  });
});
