import { namespaceCommands, netnsNameFor } from './pod-network';

describe('namespaceCommands', () => {
  it('creates the namespace and brings its loopback up in one ip -batch', () => {
    expect(namespaceCommands('stvd-abc', true)).toEqual(['netns add stvd-abc', 'netns exec stvd-abc ip link set lo up']);
  });

  it('only brings loopback up in a namespace that already exists (a half-done setup is finished)', () => {
    expect(namespaceCommands('stvd-abc', false)).toEqual(['netns exec stvd-abc ip link set lo up']);
  });

  it('names namespaces from the pod uid without dashes', () => {
    expect(netnsNameFor('0b7c92ab-2cb8-42ad-9f3e-1234567890ab')).toBe('stvd-0b7c92ab2cb842ad');
  });
});
