#!/usr/bin/env bash
# Compiles apps, libs, bench and the test harness to dist/ with SWC (fast, keeps decorator metadata).
set -euo pipefail
cd "$(dirname "$0")/.."
node -e "require('fs').writeFileSync('dist.swcrc', JSON.stringify(require('./scripts/swcrc.js')()))"
trap 'rm -f dist.swcrc' EXIT
npx --no-install swc apps libs bench test -d dist --config-file dist.swcrc --ignore '**/*.spec.ts' --ignore '**/*.e2e.ts' --copy-files >/dev/null
