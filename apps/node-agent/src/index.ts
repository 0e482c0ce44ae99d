export { PARALLEL_POD_STARTS, startAgent } from './run-agent';
export type { AgentConfig, RunningAgent } from './run-agent';
export { AGENT_OPTIONS } from './options';
export type { AgentOptions } from './options';
export { agentConfig } from './agent-config';
