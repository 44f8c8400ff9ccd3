#!/usr/bin/env bash
# The README's first command: install, build and start the console on the embedded database.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
command -v node >/dev/null || { echo "Node.js 20+ is required: install it from your distribution or nodejs.org"; exit 1; }
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || { echo "Node.js 20+ is required (found $(node -v))"; exit 1; }
echo "== installing npm packages"
npm install --no-audit --no-fund --loglevel=error
echo "== generating the database client"
npm run --silent db:generate
echo "== building"
npx next build
echo "== starting"
exec node scripts/start.mjs
