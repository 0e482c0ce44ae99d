// Public API of @stevedore/files: small filesystem and Node errno helpers shared by the node and control plane.

export { writeFileAtomic } from './atomic-write';
export { diskUsage } from './disk-usage';
export { hasErrnoCode, ignoreGone, ignoreMissing, pathExists } from './errno';
