import { ignoring, isAlreadyExists, isConflict, isGone, isInvalid, isNotFound, isStatusError } from './errors';
import { alreadyExists, conflict, invalid, notFound, statusError } from './status';

const helpers = { isNotFound, isAlreadyExists, isConflict, isGone, isInvalid };
type Helper = keyof typeof helpers;
/** The helpers that answer true for an error; all others must answer false. */
function matching(err: unknown): Helper[] {
  return (Object.keys(helpers) as Helper[]).filter((name) => helpers[name](err));
}

describe('error helpers', () => {
  it.each<[string, unknown, Helper[]]>([
    ['NotFound', notFound('pods', 'web'), ['isNotFound']],
    ['AlreadyExists', alreadyExists('pods', 'web'), ['isAlreadyExists']],
    ['Conflict', conflict('pods', 'web', 'the object has been modified'), ['isConflict']],
    ['Expired', statusError(410, 'Expired', 'too old resource version'), ['isGone']],
    ['Gone', statusError(410, 'Gone', 'gone'), ['isGone']],
    [
      'Invalid',
      invalid('Pod', 'web', [{ reason: 'FieldValueRequired', field: 'spec.containers', message: 'Required value' }]),
      ['isInvalid'],
    ],
    ['Forbidden', statusError(403, 'Forbidden', 'no'), []],
  ])('tells a %s StatusError by its reason', (_reason, err, expected) => {
    expect(matching(err)).toEqual(expected);
  });

  it('goes by the reason, not the code, when the reason is a known one', () => {
    // A 404 whose reason says otherwise is not a NotFound, as in client-go.
    expect(isNotFound(statusError(404, 'InternalError', 'odd'))).toBe(false);
  });

  it('goes by the code when a StatusError has no reason', () => {
    expect(matching(statusError(404, '', 'missing'))).toEqual(['isNotFound']);
  });

  it.each<[string, unknown, Helper[]]>([
    ['a bare 404', { code: 404 }, ['isNotFound']],
    ['a bare 409, which may be either', Object.assign(new Error('taken'), { code: 409 }), ['isAlreadyExists', 'isConflict']],
    ['a bare 410', { code: 410 }, ['isGone']],
    ['a bare 422', { code: 422 }, ['isInvalid']],
    ['a 409 with an unknown reason', { code: 409, reason: 'Teapot' }, ['isAlreadyExists', 'isConflict']],
    ['a 409 whose reason is AlreadyExists', { code: 409, reason: 'AlreadyExists' }, ['isAlreadyExists']],
  ])('works on anything with a numeric code: %s', (_what, err, expected) => {
    expect(matching(err)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'not found'],
    ['an Error', new Error('not found')],
    ['a string code (errno)', Object.assign(new Error('missing'), { code: 'ENOENT' })],
  ])('answers false for %s', (_what, err) => {
    expect(matching(err)).toEqual([]);
    expect(isStatusError(err)).toBe(false);
  });

  it('isStatusError takes any code, or the one given', () => {
    expect(isStatusError(notFound('pods', 'web'))).toBe(true);
    expect(isStatusError(notFound('pods', 'web'), 404)).toBe(true);
    expect(isStatusError(notFound('pods', 'web'), 409)).toBe(false);
    expect(isStatusError({ code: 504 }, 504)).toBe(true);
  });
});

describe('ignoring', () => {
  it('accepts only the expected failures and rethrows the rest', async () => {
    await expect(Promise.reject(notFound('pods', 'web')).catch(ignoring(isNotFound))).resolves.toBeUndefined();
    await expect(Promise.reject(conflict('pods', 'web', 'modified')).catch(ignoring(isNotFound, isConflict))).resolves.toBeUndefined();
    await expect(Promise.reject(conflict('pods', 'web', 'modified')).catch(ignoring(isNotFound))).rejects.toThrow(
      'Operation cannot be fulfilled',
    );
    await expect(Promise.reject(new Error('etcd down')).catch(ignoring(isNotFound))).rejects.toThrow('etcd down');
  });
});
