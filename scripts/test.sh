#!/usr/bin/env bash
# Runs every suite (unit, then end-to-end against real components) and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
report=$(mktemp)
npx --no-install jest --ci --runInBand --json --outputFile="$report" "$@"
code=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  let line = `${r.numPassedTests} passed, ${r.numFailedTests} failed`;
  if (skipped) line += `, ${skipped} skipped`;
  if (r.numRuntimeErrorTestSuites) console.log(`${r.numRuntimeErrorTestSuites} suite(s) failed to run`);
  console.log(line);
' "$report" || echo "0 passed, 1 failed"
rm -f "$report"
exit $code
