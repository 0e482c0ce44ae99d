import { noop } from 'cockatiel';
import { faultHandlingFor, neverSent } from './endpoint-failover';

describe('endpoint failover', () => {
  it('keeps one endpoint free of retries and breakers', () => {
    const handling = faultHandlingFor(['https://127.0.0.1:2379']);
    expect(handling.global).toBe(noop);
    expect(handling.host()).toBe(noop);
  });

  it('with several members, retries on the next one only what was never sent', async () => {
    const handling = faultHandlingFor(['https://a:2379', 'https://b:2379', 'https://c:2379']);
    let calls = 0;
    const refused = () => {
      calls++;
      return Promise.reject(new Error('14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 198.18.0.11:2379'));
    };
    await expect(handling.global.execute(refused)).rejects.toThrow('ECONNREFUSED');
    expect(calls).toBe(3);
    calls = 0;
    const timedOut = () => {
      calls++;
      return Promise.reject(new Error('4 DEADLINE_EXCEEDED: Deadline exceeded'));
    };
    await expect(handling.global.execute(timedOut)).rejects.toThrow('DEADLINE_EXCEEDED');
    expect(calls).toBe(1);
  });

  it('tells a refused connection from a request that reached the member', () => {
    expect(neverSent(new Error('connect ECONNREFUSED 198.18.0.11:2379'))).toBe(true);
    expect(neverSent(new Error('14 UNAVAILABLE: Connection dropped'))).toBe(false);
  });
});
