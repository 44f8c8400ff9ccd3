// Sums the vitest and Playwright JSON reports into the one closing line CI reads.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
const buildFailed = process.argv[2] && process.argv[2] !== "0";
// `npm run lint` counts as one test: a lint failure is one failed test, a clean lint one passed.
const lintStatus = process.argv[3];
if (lintStatus !== undefined) {
  if (lintStatus === "0") passed += 1;
  else failed += 1;
}

if (existsSync("e2e/artifacts/vitest.json")) {
  const v = JSON.parse(readFileSync("e2e/artifacts/vitest.json", "utf8"));
  passed += v.numPassedTests ?? 0;
  failed += (v.numFailedTests ?? 0) + (v.numRuntimeErrorTestSuites ?? 0);
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
} else failed += 1;

if (existsSync("e2e/artifacts/report.json") && !buildFailed) {
  const p = JSON.parse(readFileSync("e2e/artifacts/report.json", "utf8"));
  passed += p.stats?.expected ?? 0;
  failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0) + (p.errors?.length ?? 0);
  skipped += p.stats?.skipped ?? 0;
} else failed += 1; // no e2e report: the build or the server failed

// A skipped test proves nothing: it counts as failed (tests that need a missing tool fail on their own).
if (skipped > 0) console.log(`${skipped} test(s) were skipped; counted as failed`);
failed += skipped;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
