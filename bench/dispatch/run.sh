#!/usr/bin/env bash
# npm run bench:dispatch — routing and dispatch through BullMQ under a steady load (see bench/README.md).
#
# Steps: fresh database hotline_bench_dispatch (migrated + seeded) → built api (port 3200) + worker →
# bench/dispatch/load.ts: RATE orders/s for DURATION_S s (open loop), created → dispatch record
# latency from PostgreSQL, Redis memory after the worker drained → api and worker stopped →
# bench/dispatch/relay.ts: the outbox relay alone on RELAY_ROWS rows → bench/results/dispatch-<date>.json.
# Loopback only; the database and the bench's Redis keys are removed at the end unless KEEP_BENCH_DB=1.
#
# Knobs: RATE (200), DURATION_S (60), RELAY_ROWS (50000), BENCH_PORT (3200), BENCH_DB
# (hotline_bench_dispatch), BENCH_PG_BASE (postgres://postgres@127.0.0.1:5432), REDIS_URL.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/common.sh

T0=$(date +%s)
DB="${BENCH_DB:-hotline_bench_dispatch}"
PG_BASE="${BENCH_PG_BASE:-postgres://postgres@127.0.0.1:5432}"
ADMIN_URL="$PG_BASE/postgres"
PORT="${BENCH_PORT:-3200}"
export QUEUE_PREFIX='{hotline-bench-dispatch}'
export DATABASE_URL="$PG_BASE/$DB"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export LOG_LEVEL="${LOG_LEVEL:-warn}"
TS_NODE="node -r ./scripts/register.js"
DATE=$(date +%F)
WORK=$(mktemp -d /tmp/hotline-bench-dispatch.XXXXXX)
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

say "starting worker and api on 127.0.0.1:$PORT"
node ${WORKER_NODE_OPTIONS:-} dist/apps/worker/apps/worker/src/main.js >"$WORK/worker.log" 2>&1 &
WORKER_PID=$!
PORT="$PORT" HOST=127.0.0.1 node ${API_NODE_OPTIONS:-} dist/apps/api/apps/api/src/main.js >"$WORK/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 120); do
  kill -0 "$API_PID" 2>/dev/null || die "the api exited"
  kill -0 "$WORKER_PID" 2>/dev/null || die "the worker exited"
  curl -fsS --max-time 2 "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
# The worker trains its first router model at boot; wait for it so the run measures routing, not training.
for _ in $(seq 1 120); do
  [ "$(psql "$DATABASE_URL" -qAtX -c 'SELECT count(*) FROM routing_models')" -gt 0 ] && break
  sleep 0.5
done

say "load: ${RATE:-200} orders/s for ${DURATION_S:-60} s"
BENCH_URL="http://127.0.0.1:$PORT" timeout 600 $TS_NODE bench/dispatch/load.ts >"$WORK/load.json"
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
stop_apps

say "relay alone: ${RELAY_ROWS:-50000} outbox rows"
timeout 600 $TS_NODE bench/dispatch/relay.ts >"$WORK/relay.json"

mkdir -p bench/results
OUT="bench/results/dispatch-$DATE.json"
AUTOVACUUM_STATE="${AUTOVACUUM_STATE:-}" node -e '
  const fs = require("fs");
  const [load, relay, out, loadavg, started] = process.argv.slice(1);
  const r = { date: new Date().toISOString(), startedAt: started,
    machine: { cpus: require("os").cpus().length, loadavgAfterLoad: loadavg, autovacuum: process.env.AUTOVACUUM_STATE || null },
    load: JSON.parse(fs.readFileSync(load, "utf8")), relay: JSON.parse(fs.readFileSync(relay, "utf8")) };
  fs.writeFileSync(out, JSON.stringify(r, null, 2) + "\n");
  const l = r.load, d = l.createdToDispatchMs;
  console.error(`[bench] created → dispatched: n=${d.n} p50=${d.p50.toFixed(1)} ms p99=${d.p99.toFixed(1)} ms; left to dispatchers: ${l.createdToSuggestionMs.n}; doubles: ${l.doubleDispatches}`);
  console.error(`[bench] relay alone: ${r.relay.rowsPerSecond} rows/s; Redis after: ${(l.redis.after.usedMemoryBytes / 1048576).toFixed(1)} MiB, ${l.redis.after.keys} keys`);
' "$WORK/load.json" "$WORK/relay.json" "$OUT" "$LOADAVG" "$(date -u -d "@$T0" +%FT%TZ)"
say "done in $(( $(date +%s) - T0 ))s: $OUT"
