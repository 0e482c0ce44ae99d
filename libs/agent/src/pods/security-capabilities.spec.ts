import { DEFAULT_CAPABILITIES } from '@stevedore/runtime';
import { capabilityName, capabilitySet } from './security-capabilities';

const NODE = [...DEFAULT_CAPABILITIES, 'CAP_NET_ADMIN', 'CAP_SYS_ADMIN', 'CAP_SYS_TIME'];

describe('capabilities', () => {
  it('accepts every spelling of a name and refuses unknown ones', () => {
    expect(['net_admin', 'NET_ADMIN', 'CAP_NET_ADMIN'].map(capabilityName)).toEqual(Array(3).fill('CAP_NET_ADMIN'));
    expect(() => capabilityName('WARP')).toThrow('unknown capability "WARP"');
  });

  it.each([
    [undefined, DEFAULT_CAPABILITIES],
    [
      { add: ['NET_ADMIN'], drop: ['CHOWN', 'KILL'] },
      [...DEFAULT_CAPABILITIES.filter((c) => c !== 'CAP_CHOWN' && c !== 'CAP_KILL'), 'CAP_NET_ADMIN'],
    ],
    [{ drop: ['ALL'] }, []],
    [{ drop: ['ALL'], add: ['NET_BIND_SERVICE'] }, ['CAP_NET_BIND_SERVICE']],
    [{ add: ['ALL'] }, NODE],
    [{ add: ['ALL'], drop: ['SYS_ADMIN'] }, NODE.filter((c) => c !== 'CAP_SYS_ADMIN')],
    // The same capability added and dropped: the drop wins, as in containerd.
    [{ add: ['NET_ADMIN'], drop: ['NET_ADMIN'] }, DEFAULT_CAPABILITIES],
  ])('%j gives the expected set', (caps, expected) => {
    expect(new Set(capabilitySet(caps, NODE))).toEqual(new Set(expected));
  });

  it('shrinks the default set to what the node holds', () => {
    expect(capabilitySet(undefined, ['CAP_CHOWN', 'CAP_SYS_ADMIN'])).toEqual(['CAP_CHOWN']);
  });
});
