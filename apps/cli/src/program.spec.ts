import { configureLogging } from '@stevedore/log';
import { defaultsOf, OptionError } from '@stevedore/options';
import type { Command } from 'commander';
import { CONTROL_PLANE_COMMAND_OPTIONS, UP_OPTIONS } from './cluster/cluster-options';
import { buildProgram } from './program';

/** The whole `stevedore` program, throwing instead of exiting and printing nothing. */
function program(): Command {
  const root = buildProgram();
  const all = (command: Command): Command[] => [command, ...command.commands.flatMap(all)];
  for (const command of all(root)) command.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  return root;
}

const run = (...args: string[]) => program().parseAsync(args, { from: 'user' });

afterEach(() => configureLogging({ level: 'info', format: 'text' }));

describe('stevedore flags', () => {
  it.each([
    [['up', '--api-port', '99999'], '--api-port: 99999 is not a port (1-65535)'],
    [['up', '--service-cidr', '10.0.0.0/33'], '--service-cidr: 10.0.0.0/33 is not a CIDR'],
    [['up', '--cluster-cidr', '10.0.0.0'], '--cluster-cidr: 10.0.0.0 is not a CIDR'],
    [['up', '--node-monitor-grace-period', '1'], '--node-monitor-grace-period: 1 is not a whole number of seconds (at least 2)'],
    [['up', '--max-pods', '0'], '--max-pods: 0 is not a whole number (at least 1)'],
    [
      ['control-plane', '--etcd-endpoints', 'http://127.0.0.1:2379', '--bind-address', 'localhost'],
      '--bind-address: localhost is not an IP address',
    ],
    [['agent', '--server', '198.18.0.11'], '--server: 198.18.0.11 is not a host:port'],
    [['agent', '--server', '198.18.0.11:6444,cp'], '--server: cp is not a host:port'],
    [['agent', '--server', '198.18.0.11:6444'], '--token: required with --server'],
    [['up', '--leader-elect', 'yes'], '--leader-elect: yes is not one of true, false'],
    [['up', '--leader-elect-retry-period', '0'], '--leader-elect-retry-period: 0 is not a whole number of seconds (at least 1)'],
    [['agent', '--node-name', 'Host_1'], "--node-name: Host_1 is not a valid name (lower-case letters, digits, '-' and '.', at most 253)"],
    [['get', 'pods', '--log-level', 'loud'], '--log-level: loud is not one of trace, debug, info, warn, error, fatal, silent'],
    [['node', 'images', '--log-format', 'xml'], '--log-format: xml is not one of text, json'],
  ])('refuse %j before doing anything, naming the flag', async (args, message) => {
    await expect(run(...args)).rejects.toThrow(new OptionError(message));
  });

  it('refuse unknown flags', async () => {
    await expect(run('up', '--api-prot', '6443')).rejects.toMatchObject({
      code: 'commander.unknownOption',
      exitCode: 1,
      message: expect.stringContaining("unknown option '--api-prot'"),
    });
  });

  it('refuse control-plane without --etcd-endpoints', async () => {
    await expect(run('control-plane')).rejects.toMatchObject({ code: 'commander.missingMandatoryOptionValue', exitCode: 1 });
  });

  it('give every command --log-level and --log-format', () => {
    const leaves = (command: Command): Command[] => (command.commands.length ? command.commands.flatMap(leaves) : [command]);
    const commands = leaves(program());
    expect(commands.map((c) => c.name())).toEqual(
      expect.arrayContaining(['up', 'control-plane', 'agent', 'apply', 'get', 'describe', 'delete', 'logs', 'exec', 'images', 'ps']),
    );
    for (const command of commands) {
      expect([command.name(), command.options.map((o) => o.long)]).toEqual([
        command.name(),
        expect.arrayContaining(['--log-level', '--log-format']),
      ]);
    }
  });

  it("default as before: ports 6443/6444, the benchmarking ranges, Kubernetes' node monitoring", () => {
    expect(defaultsOf(UP_OPTIONS)).toMatchObject({
      bindAddress: '127.0.0.1',
      apiPort: 6443,
      agentPort: 6444,
      etcdEndpoints: [],
      clusterCidr: '198.19.0.0/16',
      serviceCidr: '198.18.128.0/17',
      nodeMonitorGracePeriodSeconds: 40,
      podEvictionTimeoutSeconds: 300,
      bridge: 'stvd0',
      cgroupParent: 'stevedore',
      maxPods: 110,
      node: [],
      insecureRegistries: [],
    });
    expect(() => defaultsOf(CONTROL_PLANE_COMMAND_OPTIONS)).toThrow(new OptionError('--etcd-endpoints: required'));
  });
});
