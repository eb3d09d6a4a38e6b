#!/usr/bin/env bash
# npm run bench:worker — what the worker costs per created order (see bench/README.md).
#
# Steps: fresh database hotline_bench_worker (migrated + seeded) → the built api alone (port 3300)
# → bench/worker/drain.ts: ORDERS creates through POST /api/work-orders with no worker running, so
# their routing waits in the outbox → api stopped → the worker started on that backlog, timed and
# CPU-metered (the worker, every PostgreSQL process, Redis, the whole machine) until the outbox is
# published, every order routed and every queue empty → bench/results/worker-<date>.json.
# Loopback only; the database and the bench's Redis keys are removed at the end unless KEEP_BENCH_DB=1.
#
# Knobs: ORDERS (6000), ROUNDS (3: the backlog is created and drained this many times; medians are
# reported), BENCH_PORT (3300), BENCH_DB (hotline_bench_worker), BENCH_PG_BASE, REDIS_URL,
# WORKER_MAIN (another build's worker main.js, to compare two builds on one machine in one run:
# WORKER_MAIN_B runs it alternately with the default build, round by round), RATE (steady mode:
# creates at RATE/s with the worker running, instead of a backlog), WORKER_NODE_ARGS (e.g. a profiler),
# WORKER_ENV_A / WORKER_ENV_B (NAME=value words for each side's worker, e.g. WORKER_DATABASE_POOL_SIZE=20
# against 2; WORKER_ENV_B alone compares the default build with itself under B's settings).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/common.sh

DB="${BENCH_DB:-hotline_bench_worker}"
PG_BASE="${BENCH_PG_BASE:-postgres://postgres@127.0.0.1:5432}"
ADMIN_URL="$PG_BASE/postgres"
PORT="${BENCH_PORT:-3300}"
export QUEUE_PREFIX='{hotline-bench-worker}'
export DATABASE_URL="$PG_BASE/$DB"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export LOG_LEVEL="${LOG_LEVEL:-warn}"
TS_NODE="node -r ./scripts/register.js"
DATE=$(date +%F)
WORK=$(mktemp -d /tmp/hotline-bench-worker.XXXXXX)
API_PID=""
WORKER_PID=""

case "$DB" in *bench*) ;; *) die "BENCH_DB must contain 'bench' (it is dropped): $DB";; esac
for url in "$DATABASE_URL" "$REDIS_URL"; do
  case "$(node -e 'console.log(new URL(process.argv[1]).hostname)' "$url")" in 127.0.0.1|localhost|::1|\[::1\]) ;; *) die "only loopback services are allowed: $url";; esac
done
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then die "port $PORT is already in use (set BENCH_PORT)"; fi
bash scripts/ensure-services.sh >&2
ensure_build

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_apps
  restore_autovacuum "$ADMIN_URL"
  if [ "${KEEP_BENCH_DB:-0}" != 1 ]; then
    psql "$ADMIN_URL" -qAtX -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
    redis_cleanup
  fi
  finish_logs "$rc" "${KEEP_BENCH_DB:-0}"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
production_autovacuum "$ADMIN_URL"

fresh_database

say "worker cost: ORDERS=${ORDERS:-6000} per round, ROUNDS=${ROUNDS:-3}"
BENCH_PORT="$PORT" API_MAIN="dist/apps/api/apps/api/src/main.js" \
  WORKER_MAIN="${WORKER_MAIN:-dist/apps/worker/apps/worker/src/main.js}" WORKER_MAIN_B="${WORKER_MAIN_B:-}" \
  WORK="$WORK" AUTOVACUUM_STATE="${AUTOVACUUM_STATE:-}" timeout 1200 $TS_NODE bench/worker/drain.ts >"$WORK/drain.json"
mkdir -p bench/results
OUT="${OUT_JSON:-bench/results/worker-$DATE.json}"
cp "$WORK/drain.json" "$OUT"
say "results: $OUT"
