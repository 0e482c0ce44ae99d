import { ensureClusterPki } from '@stevedore/pki';
import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { caCertHash, parseCaCertHash, verifyCaCertHash } from './ca-hash';

describe('the CA hash of a join command', () => {
  let dir: string;
  let ca: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ca-hash-'));
    ca = (await ensureClusterPki(path.join(dir, 'a'))).caCert;
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it("is sha256 of the CA's SubjectPublicKeyInfo, as openssl computes it (kubeadm's recipe)", () => {
    const spki = execFileSync('openssl', ['x509', '-pubkey', '-noout'], { input: ca });
    const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: spki });
    const digest = execFileSync('openssl', ['dgst', '-sha256', '-hex'], { input: der }).toString().trim().split(' ').pop();
    expect(caCertHash(ca)).toBe(`sha256:${digest}`);
  });

  it("refuses another cluster's CA, naming both hashes", async () => {
    const other = (await ensureClusterPki(path.join(dir, 'b'))).caCert;
    expect(() => verifyCaCertHash(ca, caCertHash(ca))).not.toThrow();
    expect(() => verifyCaCertHash(other, caCertHash(ca))).toThrow(`the server's CA hashes to ${caCertHash(other)}, not ${caCertHash(ca)}`);
  });

  it('parses sha256:HEX only, in either case', () => {
    const hex = 'AB'.repeat(32);
    expect(parseCaCertHash(`sha256:${hex}`)).toBe(`sha256:${hex.toLowerCase()}`);
    expect(() => parseCaCertHash(hex)).toThrow('is not a CA hash');
    expect(() => parseCaCertHash(`md5:${hex}`)).toThrow('is not a CA hash');
    expect(() => parseCaCertHash('sha256:abc')).toThrow('is not a CA hash');
  });
});
