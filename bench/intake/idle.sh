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
start_apps "$DIST"
timeout $(( ${IDLE_S:-90} + 60 )) node -r ./scripts/register.js bench/intake/idle.ts
