export { agentConfig } from './agent-config';
export type { NodeDnsConfig } from './node-dns-config';
export { nodeDnsConfig } from './node-dns-config';
export type { AgentOptions } from './options';
export { AGENT_OPTIONS } from './options';
export { readRegistriesConfig, withDefaultMirror } from './registries-config';
export type { AgentConfig, RunningAgent } from './run-agent';
export { PARALLEL_POD_STARTS, startAgent } from './run-agent';
