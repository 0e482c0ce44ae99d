import { IncomingMessage, ServerResponse } from 'http';
import { Socket } from 'net';
import { setWarnings } from './respond';

describe('Warning headers', () => {
  it('adds to the warnings already set, each quoted as kubectl reads them', () => {
    const res = new ServerResponse(new IncomingMessage(new Socket()));
    setWarnings(res, ['example.net/v1beta1 Gateway is deprecated; use example.net/v1 Gateway']);
    setWarnings(res, []);
    setWarnings(res, ['unknown field "spec.bogus"']);
    expect(res.getHeader('Warning')).toEqual([
      '299 - "example.net/v1beta1 Gateway is deprecated; use example.net/v1 Gateway"',
      '299 - "unknown field \\"spec.bogus\\""',
    ]);
  });
});
