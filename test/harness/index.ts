// @stevedore/testing: real components for end-to-end tests.

export type { RunningEtcd } from './etcd';
export { startEtcd } from './etcd';
export type { TestImages } from './images';
export { pushTestImages, testImageLayout, writeBusyboxRootfs } from './images';
export { freePort } from './ports';
export { spawnTracked, stopProcess, track, waitFor } from './processes';
export type { PromSample, RunningPrometheus } from './prometheus';
export { promtoolCheckMetrics, startPrometheus } from './prometheus';
export type { TarEntry } from './raw-images';
export { makeTar, maliciousLayers, pushMultiPlatformImage, pushRawImage } from './raw-images';
export type { RunningRegistry } from './registry';
export { startCountingProxy, startRegistry } from './registry';
export { makeTempDir } from './temp';
