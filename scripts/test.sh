#!/usr/bin/env bash
# npm test: dependencies, services, type check, lint, schema drift check, then every test tier.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .env ] && { set -a; . ./.env; set +a; }
bash scripts/install-deps.sh
bash scripts/ensure-services.sh
echo "[test] type check"
npx tsc --noEmit -p tsconfig.json
echo "[test] lint"
npx eslint --max-warnings 0 apps libs test
echo "[test] entities and migrations agree"
bash scripts/check-drift.sh
echo "[test] unit, integration and e2e tiers"
# --forceExit: a leaked handle must fail loudly in a test, never hang CI.
TZ=UTC npx jest --ci --forceExit "$@"
