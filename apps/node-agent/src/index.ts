export { agentConfig } from './agent-config';
export type { AgentOptions } from './options';
export { AGENT_OPTIONS } from './options';
export type { AgentConfig, RunningAgent } from './run-agent';
export { PARALLEL_POD_STARTS, startAgent } from './run-agent';
