import { defaultsOf, OptionError } from '@stevedore/options';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { agentConfig } from './agent-config';
import { AGENT_OPTIONS } from './options';

describe('agent config from its options', () => {
  const defaults = { ...defaultsOf(AGENT_OPTIONS), dataDir: '/tmp/agent' };

  it('without --server manages local containers only', async () => {
    expect(await agentConfig(defaults)).toEqual({
      dataDir: '/tmp/agent',
      insecureRegistries: [],
      cgroupParent: 'stevedore',
      readOnlyPort: undefined,
      cluster: undefined,
    });
  });

  it('with --server needs --token and a readable --ca-file', async () => {
    const server = { ...defaults, server: [['198.18.0.11:6444']] };
    await expect(agentConfig(server)).rejects.toThrow(new OptionError('--token: required with --server'));
    await expect(agentConfig({ ...server, token: 't' })).rejects.toThrow(new OptionError('--ca-file: required with --server'));
    await expect(agentConfig({ ...server, token: 't', caFile: '/nonexistent/ca.crt' })).rejects.toThrow(
      /^--ca-file: cannot read \/nonexistent\/ca.crt: ENOENT/,
    );
  });

  it('joins with the node name, address, bridge, pod capacity, disk threshold and resolvers given', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'agent-config-'));
    try {
      await fs.writeFile(path.join(dir, 'ca.crt'), 'CA');
      await fs.writeFile(path.join(dir, 'resolv.conf'), 'search corp.example\nnameserver 198.18.0.53\n');
      const config = await agentConfig({
        ...defaults,
        server: [['cp:6444']],
        token: 't',
        caFile: path.join(dir, 'ca.crt'),
        nodeName: 'host-2',
        nodeIp: '198.18.0.12',
        maxPods: 20,
        resolvConf: path.join(dir, 'resolv.conf'),
        minFreeDiskPercent: 5,
      });
      expect(config.cluster).toEqual({
        addresses: ['cp:6444'],
        token: 't',
        caCert: 'CA',
        nodeName: 'host-2',
        hostIP: '198.18.0.12',
        bridge: 'stvd0',
        maxPods: 20,
        minFreeDiskPercent: 5,
        ingress: { httpPort: 80, httpsPort: 443 },
        dns: {
          nodeResolvConf: { nameservers: ['198.18.0.53'], searches: ['corp.example'], options: [] },
          upstreams: [{ host: '198.18.0.53', port: 53 }],
        },
      });
      // Several control planes: repeated --server flags and comma lists, in the order given.
      const several = await agentConfig({
        ...defaults,
        server: [['cp-1:6444', 'cp-2:6444'], ['cp-3:6444']],
        token: 't',
        caFile: path.join(dir, 'ca.crt'),
      });
      expect(several.cluster?.addresses).toEqual(['cp-1:6444', 'cp-2:6444', 'cp-3:6444']);
      const forwarded = await agentConfig({
        ...defaults,
        server: [['cp:6444']],
        token: 't',
        caFile: path.join(dir, 'ca.crt'),
        resolvConf: path.join(dir, 'missing.conf'),
        dnsUpstreams: ['127.0.0.1:5353', '198.18.0.9'],
      });
      expect(forwarded.cluster?.dns).toEqual({
        nodeResolvConf: { nameservers: [], searches: [], options: [] },
        upstreams: [
          { host: '127.0.0.1', port: 5353 },
          { host: '198.18.0.9', port: 53 },
        ],
      });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
