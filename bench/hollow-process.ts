// A child process of the scheduler benchmark: runs many hollow nodes (see libs/agent/src/hollow)
// joined to the control plane under test. Usage: node hollow-process.js CONFIG.json
// It prints "registered N" as nodes register and stops them all on SIGTERM.

import { startHollowNode } from '@stevedore/agent';
import { configureLogging } from '@stevedore/log';
import { promises as fs } from 'fs';

interface HollowConfig {
  address: string;
  caCert: string;
  dataDir: string;
  nodes: { name: string; token: string; hostIP: string }[];
}

async function main(): Promise<void> {
  // Records go to stderr; stdout carries only the "registered N" lines the benchmark reads.
  configureLogging({ level: 'info', format: 'text' });
  const config = JSON.parse(await fs.readFile(process.argv[2]!, 'utf8')) as HollowConfig;
  const agents: ReturnType<typeof startHollowNode>[] = [];
  // Joining in waves keeps TLS handshakes from starving the sessions already up.
  for (let i = 0; i < config.nodes.length; i += 100) {
    for (const node of config.nodes.slice(i, i + 100)) {
      agents.push(
        startHollowNode({
          address: config.address,
          caCert: config.caCert,
          dataDir: config.dataDir,
          nodeName: node.name,
          token: node.token,
          hostIP: node.hostIP,
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  let last = -1;
  const report = setInterval(() => {
    const registered = agents.filter((a) => a.client.isRegistered).length;
    if (registered !== last) process.stdout.write(`registered ${registered}\n`);
    last = registered;
  }, 500);
  process.once('SIGTERM', () => {
    clearInterval(report);
    for (const agent of agents) agent.stop();
    setTimeout(() => process.exit(0), 200);
  });
}

main().catch((err: Error) => {
  process.stderr.write(`hollow nodes failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
