// Entry point of the node agent as its own process: `node dist/apps/node-agent/src/main.js DATA_DIR`.
import { startAgent } from './run-agent';

async function main(): Promise<void> {
  const dataDir = process.argv[2] ?? `${process.env.HOME ?? '/root'}/.stevedore`;
  const agent = await startAgent({ dataDir, insecureRegistries: (process.env.STEVEDORE_INSECURE_REGISTRIES ?? '').split(',').filter(Boolean) });
  const stop = () => void agent.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`Error: ${err.message}\n`);
  process.exit(1);
});
