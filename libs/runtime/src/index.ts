// Public API of @stevedore/runtime: the ContainerRuntime seam and its implementations.
export type {
  ContainerCreateSpec,
  ContainerEvent,
  ContainerInfo,
  ContainerRuntime,
  ContainerState,
  ContainerStats,
  ExecOptions,
  ExecSession,
  ListFilter,
  LogEntry,
  LogOptions,
  Mount,
  Resources,
} from './container-runtime';
export { matchesFilter } from './container-runtime';
export { ignoreNoSuchContainer, RuntimeError } from './errors';
export { FakeRuntime } from './fake/fake-runtime';
export { ALL_CAPABILITIES, nodeCapabilities } from './runc/capabilities';
export type { CgroupLayout } from './runc/cgroups';
export { Cgroups, detectLayout } from './runc/cgroups';
export { parseCriLog } from './runc/cri-log';
export type { ExecResult } from './runc/exec-file';
export { run as runCommand } from './runc/exec-file';
export { isMounted, unmount } from './runc/overlay';
export { isRuncGone } from './runc/runc-cli';
export type { RuncRuntimeOptions } from './runc/runc-runtime';
export { RuncRuntime } from './runc/runc-runtime';
export { DEFAULT_CAPABILITIES } from './runc/security-defaults';
export type { IdMapping, SeccompChoice, SecuritySpec } from './security-spec';
export type { RunRequest, RunResult, SyncPipeRequest, SyncPipeResult } from './spawn/spawner';
export { Spawner, spawner } from './spawn/spawner';
