import { canonical, familiar, InvalidReferenceError, parseReference } from './reference';

describe('parseReference', () => {
  it.each([
    ['busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
    ['busybox:1.36', 'docker.io/library/busybox:1.36', 'busybox:1.36'],
    ['me/app', 'docker.io/me/app:latest', 'me/app:latest'],
    ['localhost:5000/app:v1', 'localhost:5000/app:v1', 'localhost:5000/app:v1'],
    ['localhost/app', 'localhost/app:latest', 'localhost/app:latest'],
    ['127.0.0.1:5000/team/app/web:2', '127.0.0.1:5000/team/app/web:2', '127.0.0.1:5000/team/app/web:2'],
    ['ghcr.io/org/img@sha256:' + 'a'.repeat(64), 'ghcr.io/org/img@sha256:' + 'a'.repeat(64), 'ghcr.io/org/img@sha256:' + 'a'.repeat(64)],
    ['busybox:1@sha256:' + 'b'.repeat(64), 'docker.io/library/busybox:1@sha256:' + 'b'.repeat(64), 'busybox:1@sha256:' + 'b'.repeat(64)],
  ])('%s', (input, full, short) => {
    const ref = parseReference(input);
    expect(canonical(ref)).toBe(full);
    expect(familiar(ref)).toBe(short);
  });

  it.each([
    ['', /empty/],
    ['Busybox', /must be lowercase/],
    ['busybox:-bad', /invalid tag/],
    ['busybox@sha256:abc', /digest must be/],
    ['a//b', /invalid repository name component ""/],
    ['busybox:1:2', /invalid repository name component "busybox:1"/],
    ['bad_host:5000/x', /invalid registry/],
  ])('rejects %p', (input, message) => {
    expect(() => parseReference(input)).toThrow(InvalidReferenceError);
    expect(() => parseReference(input)).toThrow(message);
  });
});
