import { userNamespaceBlocker } from './user-namespaces';

describe('user namespace support', () => {
  const able = { linux: { namespaces: ['user', 'pid'], mountExtensions: { idmap: { enabled: true } } } };

  it('names what is missing, kernel first', () => {
    expect(userNamespaceBlocker(able, 0)).toMatch(/kernel allows no user namespaces/);
    expect(userNamespaceBlocker('runc features: unknown command', 1000)).toBe(
      'runc does not report its features (runc features: unknown command), so id-mapped mounts cannot be relied on',
    );
    expect(userNamespaceBlocker({ linux: { namespaces: ['pid'] } }, 1000)).toBe('runc does not support user namespaces');
    // runc 1.1 answers `features` but without mount extensions.
    expect(userNamespaceBlocker({ linux: { namespaces: ['user'] } }, 1000)).toMatch(/runc cannot make id-mapped mounts/);
    expect(userNamespaceBlocker(able, 1000)).toMatch(/does not id-map its overlay root filesystems/);
  });
});
