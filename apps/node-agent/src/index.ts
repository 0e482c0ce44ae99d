export { PARALLEL_POD_STARTS, startAgent } from './run-agent';
export type { AgentConfig, RunningAgent } from './run-agent';
