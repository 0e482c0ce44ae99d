import { addOptions, readOptions } from '@stevedore/options';
import { Command } from 'commander';
import { isHostAddress } from './control-plane-host';
import { JOIN_OPTIONS, joinInstructions } from './join-command';

const info = { server: '198.18.0.11:6445', token: 'cp-token', workerToken: 'worker-token', caCertHash: `sha256:${'ab'.repeat(32)}` };

/** The arguments of a printed `stevedore join` line, with the host's own values filled in. */
function printedArgs(kind: 'control plane' | 'worker'): string[] {
  const lines = joinInstructions(info).split('\n');
  const line = lines[lines.findIndex((l) => l.includes(kind === 'control plane' ? 'control-plane host' : 'worker node')) + 1]!;
  return line
    .trim()
    .replace(/HOST_IP/g, '198.18.0.12')
    .replace(/HOST_NAME/g, 'cp2')
    .split(' ')
    .slice(2);
}

const parse = (args: string[]) =>
  readOptions(
    addOptions(new Command('join').exitOverride().configureOutput({ writeErr: () => undefined }), JOIN_OPTIONS).parse(args, {
      from: 'user',
    }),
    JOIN_OPTIONS,
  );

describe('the join commands `up` prints', () => {
  it('parse as `stevedore join` flags, each with its own token', () => {
    const cp = parse(printedArgs('control plane'));
    expect(cp).toMatchObject({ controlPlane: true, joinServer: info.server, joinToken: 'cp-token', caCertHash: info.caCertHash });
    expect(cp).toMatchObject({ bindAddress: '198.18.0.12', nodeIp: '198.18.0.12', nodeName: 'cp2' });
    expect(parse(printedArgs('worker'))).toMatchObject({ controlPlane: false, joinToken: 'worker-token', nodeName: 'cp2' });
  });

  it('are refused without the CA hash', () => {
    expect(() => parse(['--server', info.server, '--token', 't'])).toThrow("required option '--ca-cert-hash <sha256:hex>' not specified");
  });
});

describe('a host address', () => {
  it.each([
    ['198.18.0.11', true],
    ['127.0.0.1', false],
    ['127.1.2.3', false],
    ['0.0.0.0', false],
    ['::1', false],
  ])('%s is one: %s', (ip, expected) => expect(isHostAddress(ip)).toBe(expected));
});
