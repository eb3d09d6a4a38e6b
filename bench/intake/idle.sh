#!/usr/bin/env bash
# The system's own periodic work, on a kept bench database (KEEP_BENCH_DB=1 npm run bench:intake
# first): starts the built api + worker, lets them boot, and runs idle.ts (IDLE_S seconds, 90 unless
# told: a minute's sweeps and the boot's). Knobs: IDLE_S, IDLE_SLOW_MS (15), IDLE_DIST (dist), BENCH_DB, BENCH_PORT.
#
#   bash bench/intake/idle.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/common.sh
kept_bench_env
DIST="${IDLE_DIST:-dist}"
API_PID=""
WORKER_PID=""
trap 'stop_apps; redis_cleanup; restore_autovacuum "$DATABASE_URL"' EXIT
production_autovacuum "$DATABASE_URL"
node "$DIST/apps/worker/apps/worker/src/main.js" >/dev/null 2>&1 &
WORKER_PID=$!
PORT="$PORT" HOST=127.0.0.1 node "$DIST/apps/api/apps/api/src/main.js" >/dev/null 2>&1 &
API_PID=$!
for _ in $(seq 1 120); do curl -fsS --max-time 2 "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
timeout $(( ${IDLE_S:-90} + 60 )) node -r ./scripts/register.js bench/intake/idle.ts
