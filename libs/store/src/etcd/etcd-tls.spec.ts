import { etcdPkiFiles } from '@stevedore/pki';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { etcdTlsFlags, readEtcdCredentials } from './etcd-tls';

describe('etcd TLS', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'etcd-tls-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('has etcd require client certificates of its own CA from clients and peers', () => {
    const flags = etcdTlsFlags(etcdPkiFiles('/d'));
    expect(flags).toEqual(expect.arrayContaining(['--client-cert-auth', '--peer-client-cert-auth']));
    expect(flags[flags.indexOf('--trusted-ca-file') + 1]).toBe('/d/ca.crt');
    expect(flags[flags.indexOf('--peer-trusted-ca-file') + 1]).toBe('/d/ca.crt');
    expect(flags[flags.indexOf('--cert-file') + 1]).toBe('/d/server.crt');
  });

  it('reads the CA, certificate and key for the etcd3 client', async () => {
    const file = (name: string, text: string) => fs.writeFile(path.join(dir, name), text).then(() => path.join(dir, name));
    const tls = { caFile: await file('ca', 'CA'), certFile: await file('crt', 'CERT'), keyFile: await file('key', 'KEY') };
    const credentials = await readEtcdCredentials(tls);
    expect([credentials.rootCertificate, credentials.certChain, credentials.privateKey].map(String)).toEqual(['CA', 'CERT', 'KEY']);
    expect((await readEtcdCredentials({ caFile: tls.caFile })).certChain).toBeUndefined();
  });

  it('fails at once, naming the file or flag, on a missing file or a certificate without its key', async () => {
    await expect(readEtcdCredentials({ caFile: path.join(dir, 'nope.crt') })).rejects.toThrow(
      `cannot read the etcd CA file ${dir}/nope.crt`,
    );
    await fs.writeFile(path.join(dir, 'c'), 'CERT');
    await expect(readEtcdCredentials({ certFile: path.join(dir, 'c') })).rejects.toThrow(
      'an etcd client certificate needs both --etcd-certfile and --etcd-keyfile',
    );
  });
});
