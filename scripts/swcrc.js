// Builds the SWC options from tsconfig.json so the path aliases live in one place.
// SWC needs an absolute baseUrl, so this is computed per checkout rather than committed.
const path = require('path');
const root = path.resolve(__dirname, '..');
const tsconfig = require(path.join(root, 'tsconfig.json'));

module.exports = function swcOptions() {
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      baseUrl: root,
      paths: tsconfig.compilerOptions.paths,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  };
};
