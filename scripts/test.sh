#!/usr/bin/env bash
# Runs the lint and format check (Biome), then every jest suite (unit, then end-to-end against
# real components), and ends with "N passed, N failed": the lint counts as one test there.
# Arguments go to jest (e.g. --selectProjects unit); the lint always covers the whole tree.
set -uo pipefail
cd "$(dirname "$0")/.."

# One line per error; warnings are listed by `npm run lint` and do not fail the run.
colors=off
[ -t 1 ] && colors=force
if npx --no-install biome ci . --reporter=concise --diagnostic-level=error --colors="$colors"; then
  lint_failed=0
  echo "lint: passed"
else
  lint_failed=1
  echo "lint: failed (npm run format fixes formatting and import order; docs/development.md has the rest)"
fi

report=$(mktemp)
# --forceExit: a suite that leaks a process (its cleanup failed, and says so) must not hang the run.
npx --no-install jest --ci --runInBand --forceExit --json --outputFile="$report" "$@"
code=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const lintFailed = Number(process.argv[2]);
  const skipped = r.numPendingTests + r.numTodoTests;
  // A suite that failed to run (its beforeAll or afterAll threw) counts as one failure more.
  const failed = r.numFailedTests + r.numRuntimeErrorTestSuites + lintFailed;
  if (r.numRuntimeErrorTestSuites) console.log(`${r.numRuntimeErrorTestSuites} suite(s) failed to run`);
  // Skipped tests (those only `npm run chaos` runs) are said on a line of their own: the last
  // line stays exactly "N passed, N failed" for whoever reads it.
  if (skipped) console.log(`${skipped} skipped`);
  console.log(`${r.numPassedTests + 1 - lintFailed} passed, ${failed} failed`);
' "$report" "$lint_failed" || echo "$((1 - lint_failed)) passed, $((1 + lint_failed)) failed"
rm -f "$report"
if [ "$code" -eq 0 ] && [ "$lint_failed" -eq 1 ]; then code=1; fi
exit $code
