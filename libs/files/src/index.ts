// Public API of @stevedore/files: small filesystem helpers shared by the node and control plane.
export { diskUsage } from './disk-usage';
export { writeFileAtomic } from './atomic-write';
