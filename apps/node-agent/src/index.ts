export { startAgent } from './run-agent';
export type { AgentConfig, RunningAgent } from './run-agent';
