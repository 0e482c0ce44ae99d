import { Command } from 'commander';
import { addOptions, readOptions } from './commander-options';
import { flag, OptionError, option, optional, repeatable, required } from './option-spec';
import { cidr, dnsSubdomain, hostPort, ipAddress, listenPort, oneOf, port, seconds, urlList } from './parsers';
import { defaultsOf, valuesOf } from './resolve';

const TABLE = {
  apiPort: option({ flag: '--api-port <port>', help: 'HTTPS port', parse: port, default: 6443 }),
  serviceCidr: option({ flag: '--service-cidr <cidr>', help: 'Service IPs', parse: cidr, default: '198.18.128.0/17' }),
  nodeMonitorGracePeriodSeconds: option({ flag: '--node-monitor-grace-period <seconds>', help: 'grace', parse: seconds(2), default: 40 }),
  readOnlyPort: optional({ flag: '--read-only-port <port>', help: 'metrics', parse: listenPort }),
  insecureRegistries: repeatable({ flag: '--insecure-registry <host:port>', help: 'plain HTTP', parse: hostPort(true) }),
  level: option({ flag: '--log-level <level>', help: 'level', parse: oneOf(['info', 'debug'] as const), default: 'info' }),
};

/** Parses argv with the table's flags the way a command does, and reads its values. */
function parse(args: string[], table: typeof TABLE = TABLE) {
  const command = addOptions(new Command('test').exitOverride().configureOutput({ writeErr: () => undefined }), table);
  command.parse(args, { from: 'user' });
  return readOptions(command, table);
}

describe('option tables', () => {
  it('read a flag without a value as true when given, --no-X ones included', () => {
    const table = { noRegistry: flag({ flag: '--no-registry', help: 'none' }), purge: flag({ flag: '--purge', help: 'all' }) };
    const read = (args: string[]) => {
      const command = addOptions(new Command('test').exitOverride(), table);
      command.parse(args, { from: 'user' });
      return readOptions(command, table);
    };
    expect(read([])).toEqual({ noRegistry: false, purge: false });
    expect(read(['--no-registry', '--purge'])).toEqual({ noRegistry: true, purge: true });
    expect(defaultsOf(table)).toEqual({ noRegistry: false, purge: false });
  });

  it('give every default when no flag is given', () => {
    expect(defaultsOf(TABLE)).toEqual({
      apiPort: 6443,
      serviceCidr: '198.18.128.0/17',
      nodeMonitorGracePeriodSeconds: 40,
      readOnlyPort: undefined,
      insecureRegistries: [],
      level: 'info',
    });
    expect(parse([])).toEqual(defaultsOf(TABLE));
  });

  it('parse the flags given; a repeated flag keeps every value, a single one the last', () => {
    expect(
      parse([
        '--api-port',
        '7443',
        '--read-only-port',
        '0',
        '--insecure-registry',
        'r1:5000',
        '--insecure-registry',
        'r2',
        '--api-port',
        '8443',
        '--log-level',
        'debug',
        '--node-monitor-grace-period',
        '10',
      ]),
    ).toEqual({
      apiPort: 8443,
      serviceCidr: '198.18.128.0/17',
      nodeMonitorGracePeriodSeconds: 10,
      readOnlyPort: 0,
      insecureRegistries: ['r1:5000', 'r2'],
      level: 'debug',
    });
  });

  it.each([
    [['--api-port', '99999'], '--api-port: 99999 is not a port (1-65535)'],
    [['--api-port', '0'], '--api-port: 0 is not a port (1-65535)'],
    [['--api-port', '80x'], '--api-port: 80x is not a port (1-65535)'],
    [['--service-cidr', '10.0.0.0/33'], '--service-cidr: 10.0.0.0/33 is not a CIDR'],
    [['--service-cidr', '10.0.0/16'], '--service-cidr: 10.0.0/16 is not a CIDR'],
    [['--node-monitor-grace-period', '1'], '--node-monitor-grace-period: 1 is not a whole number of seconds (at least 2)'],
    [['--insecure-registry', 'a b'], '--insecure-registry: a b is not a host or host:port'],
    [['--log-level', 'loud'], '--log-level: loud is not one of info, debug'],
  ])('refuse %j with a message naming the flag', (args, message) => {
    expect(() => parse(args)).toThrow(new OptionError(message));
  });

  it('leave unknown flags to commander, which refuses them', () => {
    expect(() => parse(['--api-prot', '1'])).toThrow(expect.objectContaining({ code: 'commander.unknownOption', exitCode: 1 }));
  });

  it('make a required option mandatory for commander and for code', () => {
    const table = {
      endpoints: required(option({ flag: '--etcd-endpoints <urls>', help: 'etcd', parse: urlList, default: [] as string[] })),
    };
    const command = addOptions(new Command('test').exitOverride().configureOutput({ writeErr: () => undefined }), table);
    expect(() => command.parse([], { from: 'user' })).toThrow(expect.objectContaining({ code: 'commander.missingMandatoryOptionValue' }));
    expect(() => defaultsOf(table)).toThrow(new OptionError('--etcd-endpoints: required'));
    command.parse(['--etcd-endpoints', 'http://127.0.0.1:2379,https://e2:2379'], { from: 'user' });
    expect(readOptions(command, table)).toEqual({ endpoints: ['http://127.0.0.1:2379', 'https://e2:2379'] });
  });

  it("pick one table's values out of a wider set", () => {
    const narrow = { apiPort: TABLE.apiPort, level: TABLE.level };
    expect(valuesOf(narrow, parse(['--api-port', '7443']))).toEqual({ apiPort: 7443, level: 'info' });
  });

  it('show each default in the help', () => {
    const help = addOptions(new Command('test'), TABLE).helpInformation();
    expect(help).toMatch(/--api-port <port>\s+HTTPS port \(default: 6443\)/);
    expect(help).toMatch(/--insecure-registry <host:port>\s+plain HTTP \(repeatable\)\n/);
  });
});

describe('parsers', () => {
  it('accept what they should', () => {
    expect(['127.0.0.1', '::1', '198.18.0.11'].map(ipAddress)).toEqual(['127.0.0.1', '::1', '198.18.0.11']);
    expect(['0.0.0.0/0', '198.19.0.0/16', '10.1.2.3/32'].map(cidr)).toHaveLength(3);
    expect(['host-1', 'a.b-c.d'].map(dnsSubdomain)).toHaveLength(2);
    expect(['198.18.0.11:6444', 'cp.example:6444', '[::1]:6444'].map(hostPort())).toHaveLength(3);
  });

  it('refuse what they should', () => {
    expect(() => ipAddress('1.2.3')).toThrow('1.2.3 is not an IP address');
    expect(() => dnsSubdomain('Host_1')).toThrow('Host_1 is not a valid name');
    expect(() => hostPort()('cp.example')).toThrow('cp.example is not a host:port');
    expect(() => hostPort()('cp:70000')).toThrow('cp:70000 is not a host:port');
    expect(() => urlList('http://a:2379,etcd:2379')).toThrow('etcd:2379 is not an http(s) URL');
  });
});
