// @stevedore/testing: real components for end-to-end tests.
export { startRegistry, startCountingProxy } from './registry';
export type { RunningRegistry } from './registry';
export { pushTestImages, testImageLayout, writeBusyboxRootfs } from './images';
export type { TestImages } from './images';
export { spawnTracked, stopProcess, waitFor, track } from './processes';
export { startEtcd } from './etcd';
export type { RunningEtcd } from './etcd';
export { freePort } from './ports';
export { makeTempDir } from './temp';
export { pushRawImage, pushMultiPlatformImage, maliciousLayers, makeTar } from './raw-images';
export type { TarEntry } from './raw-images';
export { startPrometheus, promtoolCheckMetrics } from './prometheus';
export type { RunningPrometheus, PromSample } from './prometheus';
