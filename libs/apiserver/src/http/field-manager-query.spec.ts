import type { StatusError } from '@stevedore/api';
import type { IncomingMessage } from 'http';
import { fieldManagerOf } from './field-manager-query';
import { parseQuery } from './query';

const req = (userAgent?: string) => ({ headers: userAgent ? { 'user-agent': userAgent } : {} }) as IncomingMessage;
const query = (q: string) => parseQuery(new URLSearchParams(q));
const failure = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    return (err as StatusError).status;
  }
  throw new Error('expected a failure');
};

describe('the field manager of a request', () => {
  it('is ?fieldManager=, else the User-Agent up to its first slash', () => {
    expect(fieldManagerOf(req('kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9'), query(''))).toEqual({
      fieldManager: 'kubectl',
      force: false,
    });
    expect(fieldManagerOf(req('kubectl/v1.32.0'), query('fieldManager=kubectl-edit'))).toEqual({
      fieldManager: 'kubectl-edit',
      force: false,
    });
    expect(fieldManagerOf(req(), query('')).fieldManager).toBe('');
  });

  it('must be named for an apply, and force is for applies only', () => {
    expect(failure(() => fieldManagerOf(req('kubectl/v1'), query(''), 'apply'))).toMatchObject({
      code: 422,
      message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    });
    expect(failure(() => fieldManagerOf(req('x'), query('fieldManager=a&force=true'), 'merge'))).toMatchObject({
      code: 422,
      message: 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    });
    expect(fieldManagerOf(req('x'), query('fieldManager=a&force=true'), 'apply')).toEqual({ fieldManager: 'a', force: true });
    expect(failure(() => fieldManagerOf(req('x'), query(`fieldManager=${'m'.repeat(129)}`))).code).toBe(422);
  });
});
