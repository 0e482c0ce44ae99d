export { startControlPlane, resolveConfig } from './start';
export type { RunningControlPlane } from './start';
export type { ControlPlaneConfig } from './config';
