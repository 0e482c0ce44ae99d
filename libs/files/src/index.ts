// Public API of @stevedore/files: small filesystem and Node errno helpers shared by the node and control plane.
export { diskUsage } from './disk-usage';
export { writeFileAtomic } from './atomic-write';
export { hasErrnoCode, ignoreGone, ignoreMissing, pathExists } from './errno';
