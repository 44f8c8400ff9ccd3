#!/usr/bin/env bash
# `npm test`: lint, then every suite (unit, data-layer on the embedded PostgreSQL, source contracts against
# real servers, e2e in Chromium). Installs what it can; ends with "N passed, N failed".
# A tool that cannot be had makes the tests that need it fail with one line saying what to install.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
mkdir -p e2e/artifacts

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v prometheus >/dev/null || need_apt+=(prometheus)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing ${need_apt[*]} from Debian"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}") >/tmp/meridian-apt.log 2>&1 \
      || echo "apt-get install ${need_apt[*]} failed (see /tmp/meridian-apt.log)"
  else
    echo "missing: ${need_apt[*]} — install with: sudo apt-get install -y ${need_apt[*]}"
  fi
fi
command -v terraform >/dev/null || echo "terraform not found on PATH: the terraform tests will say so and fail; install terraform 1.x"

if [ ! -d node_modules/next ]; then
  echo "== installing npm packages"
  npm install --no-audit --no-fund --loglevel=error || { echo "npm install failed"; exit 1; }
fi
npm run --silent db:generate >/dev/null || { echo "prisma generate failed"; exit 1; }

lint_status=0
echo "== lint (ESLint: house rules and import boundaries)"
npm run --silent lint || lint_status=$?

unit_status=0
echo "== unit, data-layer and source contract tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=e2e/artifacts/vitest.json || unit_status=$?

echo "== building the console"
build_status=0
npx next build > e2e/artifacts/build.log 2>&1 || { build_status=$?; tail -40 e2e/artifacts/build.log; }

e2e_status=0
if [ "$build_status" = 0 ]; then
  echo "== end-to-end tests (Playwright, Debian Chromium)"
  npx playwright test || e2e_status=$?
else
  echo "build failed: end-to-end tests not run"
  e2e_status=1
fi

node scripts/test-summary.mjs "$build_status" "$lint_status"
summary_status=$?
[ "$lint_status" = 0 ] && [ "$unit_status" = 0 ] && [ "$e2e_status" = 0 ] && [ "$build_status" = 0 ] && [ "$summary_status" = 0 ]
