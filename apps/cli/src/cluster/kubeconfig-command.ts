// `stevedore kubeconfig --user NAME --group G...`: a kubeconfig for a new user, with a client
// certificate the cluster CA signs (CN the user, O each group). What the user may do is then up
// to RBAC bindings. Needs the CA key, so it runs where the control plane keeps its data.
import { addOptions, DATA_DIR_OPTION, readOptions } from '@stevedore/options';
import { issueClientCert, kubeconfig } from '@stevedore/pki';
import type { Command } from 'commander';
import { promises as fs } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Go-style durations as kubectl takes them ("24h", "90m", "1h30m"), plus "d" for days; seconds. */
export function parseDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+)([smhd])/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text)
    throw new Error(`invalid duration "${text}": use forms like 24h, 90m or 30d`);
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNITS[unit!]!, 0);
}

async function serverOf(dataDir: string): Promise<string> {
  const admin = parse(await fs.readFile(path.join(dataDir, 'kubeconfig'), 'utf8')) as { clusters?: { cluster?: { server?: string } }[] };
  const server = admin.clusters?.[0]?.cluster?.server;
  if (!server) throw new Error(`no server in ${path.join(dataDir, 'kubeconfig')}; start the control plane first`);
  return server;
}

export function registerKubeconfigCommand(program: Command): void {
  const options = { dataDir: DATA_DIR_OPTION };
  const command = addOptions(
    program
      .command('kubeconfig')
      .description("write a kubeconfig for a user, with a client certificate signed by the cluster's CA")
      .requiredOption('--user <name>', 'the user name (the certificate CN)')
      .option(
        '--group <group>',
        'a group the user belongs to (the certificate O; repeatable)',
        (g: string, all: string[]) => [...all, g],
        [],
      )
      .option('--expires <duration>', 'how long the certificate is valid, e.g. 24h or 30d (whole days; rounded up)', '8760h')
      .option('--server <url>', "the API's URL (default: the admin kubeconfig's)")
      .option('-o, --output <file>', 'write to this file (mode 0600) instead of standard output'),
    options,
  );
  command.action(async (flags: { user: string; group: string[]; expires: string; server?: string; output?: string }) => {
    const { dataDir } = readOptions(command, options);
    const pkiDir = path.join(dataDir, 'pki');
    const { cert, key } = await issueClientCert(pkiDir, {
      user: flags.user,
      groups: flags.group,
      expiresSeconds: parseDuration(flags.expires),
    });
    const text = kubeconfig({
      server: flags.server ?? (await serverOf(dataDir)),
      caCert: await fs.readFile(path.join(pkiDir, 'ca.crt'), 'utf8'),
      clientCert: cert,
      clientKey: key,
      user: flags.user,
    });
    if (flags.output) await fs.writeFile(flags.output, text, { mode: 0o600 });
    else process.stdout.write(text);
  });
}
