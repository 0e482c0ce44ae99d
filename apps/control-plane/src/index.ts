import type { ControlPlaneConfig } from './config';
import type { RunningControlPlane } from './start';

export type { ControlPlaneConfig } from './config';
export { resolveConfig } from './config';
export type { ControlPlaneOptions } from './options';
export { CONTROL_PLANE_OPTIONS } from './options';
export type { RunningControlPlane } from './start';

/**
 * Starts the control plane. Its code (NestJS, express, the etcd client…) is loaded only here,
 * so a command that reads its options or config without running it (`stevedore agent`) keeps
 * ~30 MB less resident.
 */
export async function startControlPlane(config: ControlPlaneConfig): Promise<RunningControlPlane> {
  const { startControlPlane: start } = await import('./start');
  return start(config);
}
