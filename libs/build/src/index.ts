// Public API of @stevedore/build: Dockerfile builds on the node's image store and runtime.
export { cacheKey } from './cache-key';
export { BuildContext } from './context/build-context';
export type { Instruction, ParsedDockerfile } from './dockerfile/parse-dockerfile';
export { BuildError, parseDockerfile } from './dockerfile/parse-dockerfile';
export { processWord, processWords } from './dockerfile/shell-words';
export type { BuildRequest, Output } from './image-builder';
export { ImageBuilder } from './image-builder';
export type { BuildPlan, StagePlan } from './plan';
export { planBuild } from './plan';
export { BUILD_LABEL } from './run-step';
