const path = require('path');
const tsconfig = require('./tsconfig.json');
const swcOptions = require('./scripts/swcrc.js')();

// Map the tsconfig path aliases for Jest, e.g. '@stevedore/oci' -> libs/oci/src/index.ts.
const moduleNameMapper = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, path.join(__dirname, target)]),
);
// jose ships only ES modules; Jest's CommonJS loader needs it compiled like our own code.
const transform = {
  '^.+\\.ts$': ['@swc/jest', { ...swcOptions, sourceMaps: 'inline' }],
  '/node_modules/jose/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
};
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];
const common = { transform, transformIgnorePatterns, moduleNameMapper, testEnvironment: 'node', rootDir: __dirname };

module.exports = {
  // Projects cannot set their own timeout; end-to-end tests start real components and need longer.
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e.ts'] },
  ],
};
