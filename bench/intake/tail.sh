#!/usr/bin/env bash
# Where the create tail comes from, on a kept bench database (KEEP_BENCH_DB=1 npm run bench:intake
# first): starts the built api + worker with bench/pause-log.cjs preloaded (garbage collections and
# event-loop stalls), offers creates open loop (tail.ts) and prints what the slow requests overlapped
# and the worst 100 ms windows. PostgreSQL's checkpoints come from its log (log_checkpoints = on).
#
#   bash bench/intake/tail.sh
#
# Run it soon after the bench: a kept database holds every order the bench created, most of them
# dispatched by the router and never signed for, and within the hour their sign-for timers come due;
# the worker's deadline sweep then writes tens of thousands of supervisions during the measurement.
# tail.ts waits (up to 2 minutes) for the worker to be quiet after its boot (first router model,
# sweeps) before the warm-up.
#
# Knobs: TAIL_RATE (1000), TAIL_DURATION_S (20), TAIL_SLOW_MS (50), TAIL_DIST (dist), BENCH_DB
# (hotline_bench), BENCH_PORT (3100), API_NODE_OPTIONS / WORKER_NODE_OPTIONS, PG_LOG.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/common.sh
kept_bench_env
DIST="${TAIL_DIST:-dist}"
PAUSE_LOG_DIR=$(mktemp -d /tmp/hotline-pauses.XXXXXX)
export PAUSE_LOG_DIR
API_PID=""
WORKER_PID=""
trap 'stop_apps; redis_cleanup; rm -rf "$PAUSE_LOG_DIR"; restore_autovacuum "$DATABASE_URL"' EXIT
production_autovacuum "$DATABASE_URL"

start_apps "$DIST" "-r ./bench/pause-log.cjs ${API_NODE_OPTIONS:-}" "-r ./bench/pause-log.cjs ${WORKER_NODE_OPTIONS:-}"
sleep 2
BENCH_URL="http://127.0.0.1:$PORT" API_PID=$API_PID WORKER_PID=$WORKER_PID timeout 300 node -r ./bench/pause-log.cjs -r ./scripts/register.js bench/intake/tail.ts
