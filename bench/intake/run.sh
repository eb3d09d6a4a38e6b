#!/usr/bin/env bash
# npm run bench:intake — intake (受理) throughput and list latency with 1,000,000 orders in the
# database, against the PostgreSQL ceiling measured by pgbench. See bench/README.md.
#
# Steps: fresh database hotline_bench (migrated + seeded) → bulk load of BENCH_ORDERS orders in SQL
# → built api (port 3100) + worker → bench/intake/load.ts (autocannon) → api and worker stopped →
# EXPLAIN ANALYZE of the list queries → pgbench with bench/intake/pgbench-order.sql → summary in
# bench/results/intake-<date>.json. Loopback only; the database is dropped at the end unless
# KEEP_BENCH_DB=1. Every step has a time limit; the whole run takes about 3–4 minutes.
#
# Knobs: BENCH_ORDERS (1000000), BENCH_PORT (3100), BENCH_DB (hotline_bench), BENCH_PG_BASE
# (postgres://postgres@127.0.0.1:5432), REDIS_URL (redis://127.0.0.1:6379), PGBENCH_DURATION_S (30),
# PGBENCH_CLIENTS (50), KEEP_BENCH_DB=1, BENCH_AUTOVACUUM=as-is (see bench/common.sh), and load.ts's CREATE_* / LIST_* / WARMUP_S.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/common.sh

T0=$(date +%s)
LOADAVG_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "")
DB="${BENCH_DB:-hotline_bench}"
PG_BASE="${BENCH_PG_BASE:-postgres://postgres@127.0.0.1:5432}"
PORT="${BENCH_PORT:-3100}"
ORDERS="${BENCH_ORDERS:-1000000}"
PGBENCH_DURATION_S="${PGBENCH_DURATION_S:-15}"
# The ceiling is the best of these client counts: PostgreSQL on 2 cores does more with fewer backends.
PGBENCH_CLIENTS="${PGBENCH_CLIENTS:-8 20 50}"
QP='{hotline-bench}'
export QUEUE_PREFIX="${BENCH_QUEUE_PREFIX:-$QP}"
export DATABASE_URL="$PG_BASE/$DB"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export LOG_LEVEL="${LOG_LEVEL:-warn}"
export TS_NODE="node -r ./scripts/register.js"
DATE=$(date +%F)
RESULTS_DIR=bench/results
WORK=$(mktemp -d /tmp/hotline-bench-intake.XXXXXX)
API_PID=""
WORKER_PID=""


# ---- guards: a bench database, loopback only --------------------------------------------------
case "$DB" in *bench*) ;; *) die "BENCH_DB must contain 'bench' (it is dropped): $DB";; esac
host_of() { node -e 'const u=new URL(process.argv[1]); console.log(u.hostname)' "$1"; }
for url in "$DATABASE_URL" "$REDIS_URL"; do
  case "$(host_of "$url")" in 127.0.0.1|localhost|::1|\[::1\]) ;; *) die "only loopback services are allowed: $url";; esac
done
PG_HOST=$(host_of "$DATABASE_URL")
PG_PORT=$(node -e 'console.log(new URL(process.argv[1]).port||5432)' "$DATABASE_URL")
PG_USER=$(node -e 'console.log(decodeURIComponent(new URL(process.argv[1]).username)||"postgres")' "$DATABASE_URL")
ADMIN_URL="$PG_BASE/postgres"
psql_db() { psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -qAtX "$@"; }

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then die "port $PORT is already in use (set BENCH_PORT)"; fi
command -v psql >/dev/null || die "psql is not installed"
PGBENCH=$(command -v pgbench || true)
if [ -z "$PGBENCH" ]; then
  PGBENCH=$(ls /usr/lib/postgresql/15/bin/pgbench /usr/lib/postgresql/*/bin/pgbench /usr/pgsql-*/bin/pgbench 2>/dev/null | head -1 || true)
fi
[ -n "$PGBENCH" ] || say "WARNING: pgbench not found (Debian: apt-get install postgresql-contrib); the ceiling will be skipped"
ensure_build

# ---- cleanup: our processes (by pid), our database, our Redis keys -----------------------------
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_apps
  restore_autovacuum "$ADMIN_URL"
  if [ "${KEEP_BENCH_DB:-0}" = 1 ]; then
    say "keeping database $DB (KEEP_BENCH_DB=1)"
  else
    psql "$ADMIN_URL" -qAtX -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  redis_cleanup
  finish_logs "$rc" 0
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
production_autovacuum "$ADMIN_URL"

# ---- 1. database: fresh, migrated, seeded, bulk-loaded -----------------------------------------
fresh_database
T_SETUP=$(elapsed "$T0")

say "bulk load: $ORDERS orders (generate_series)"
T1=$(date +%s)
BENCH_ORDERS="$ORDERS" timeout 600 $TS_NODE bench/intake/bulk-load.ts
# The load wrote ~1.5 GB: flush it now, so the measured phase does not start with PostgreSQL's
# checkpointer writing back the bulk load (its I/O stalls every commit's WAL flush for seconds).
timeout 300 psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -qAtX -c "CHECKPOINT" >/dev/null
T_BULK=$(elapsed "$T1")
DB_ORDERS_BEFORE=$(psql_db -c "SELECT count(*) FROM work_orders")
DB_EVENTS_BEFORE=$(psql_db -c "SELECT count(*) FROM work_order_events")
DB_TABLE_MB=$(psql_db -c "SELECT round(pg_total_relation_size('work_orders') / 1048576.0)")
say "bulk load done in ${T_BULK}s: $DB_ORDERS_BEFORE orders, $DB_EVENTS_BEFORE events, work_orders ${DB_TABLE_MB} MB with indexes"
LOAD_START_TS=$(psql_db -c "SELECT now()")

# ---- 2. the api and the worker -----------------------------------------------------------------
say "starting worker and api on 127.0.0.1:$PORT"
${WORKER_NICE:+nice -n "$WORKER_NICE"} node ${WORKER_NODE_OPTIONS:-} dist/apps/worker/apps/worker/src/main.js >"$WORK/worker.log" 2>&1 &
WORKER_PID=$!
PORT="$PORT" HOST=127.0.0.1 node ${API_NODE_OPTIONS:-} dist/apps/api/apps/api/src/main.js >"$WORK/api.log" 2>&1 &
API_PID=$!
ready=0
for _ in $(seq 1 120); do
  kill -0 "$API_PID" 2>/dev/null || die "the api exited"
  kill -0 "$WORKER_PID" 2>/dev/null || die "the worker exited"
  if curl -fsS --max-time 2 "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1; then ready=1; break; fi
  sleep 0.5
done
[ $ready = 1 ] || die "the api did not become ready within 60 s"

# ---- 3. load: create at 50 connections, list variants at 10 ----------------------------------
say "load (autocannon): create, then the list variants"
T2=$(date +%s)
BENCH_URL="http://127.0.0.1:$PORT" API_PID="$API_PID" WORKER_PID="$WORKER_PID" \
  timeout 300 $TS_NODE bench/intake/load.ts >"$WORK/load.json"
T_LOAD=$(elapsed "$T2")
LOADAVG_AFTER_LOAD=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "")
DB_CREATED_BY_API=$(psql_db -c "SELECT count(*) FROM work_orders WHERE created_at >= '$LOAD_START_TS'")
sleep 1
OUTBOX_BACKLOG=$(psql_db -c "SELECT count(*) FROM outbox WHERE published_at IS NULL")
say "api created $DB_CREATED_BY_API orders (warm-up included); unpublished outbox rows now: $OUTBOX_BACKLOG"
stop_apps

# ---- 4. plans of the list queries, as the api runs them, on the data the lists just saw ---------
say "EXPLAIN ANALYZE of the list queries"
timeout 120 $TS_NODE bench/intake/explain.ts >"$WORK/explain.json" || say "WARNING: explain failed"

# ---- 5. the PostgreSQL ceiling: pgbench, nothing else running ----------------------------------
PGBENCH_LOGS=""
PGBENCH_CMD=""
T_PGBENCH=""
if [ -n "$PGBENCH" ]; then
  AGENT_ID=$(psql_db -c "SELECT id FROM users WHERE username = 'agent01'")
  # the same per-day code base the api creates on the first order of the day
  psql_db -c "INSERT INTO work_order_code_days (day, base)
              SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date, CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM work_order_seq
              ON CONFLICT (day) DO NOTHING" >/dev/null
  PGBENCH_CMD="pgbench -n -M prepared -c {$PGBENCH_CLIENTS} -j 2 -T $PGBENCH_DURATION_S -f bench/intake/pgbench-order.sql $DB"
  say "pgbench: $PGBENCH_CMD"
  T3=$(date +%s)
  for c in $PGBENCH_CLIENTS; do
    log="$WORK/pgbench-c$c.log"
    timeout $((PGBENCH_DURATION_S + 60)) "$PGBENCH" -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -n -M prepared \
      -c "$c" -j 2 -T "$PGBENCH_DURATION_S" -D agent="$AGENT_ID" -f bench/intake/pgbench-order.sql "$DB" >"$log" 2>&1 \
      || { cat "$log" >&2; die "pgbench failed"; }
    PGBENCH_LOGS="$PGBENCH_LOGS $c:$log"
    say "pgbench $c clients: $(grep -E '^tps' "$log")"
  done
  T_PGBENCH=$(elapsed "$T3")
fi

# ---- 6. summary ----------------------------------------------------------------------------------
T_TOTAL=$(elapsed "$T0")
mkdir -p "$RESULTS_DIR"
BENCH_DATE="$DATE" BENCH_STARTED_AT="$(date -u -d "@$T0" +%FT%TZ)" OUT_JSON="${OUT_JSON:-$RESULTS_DIR/intake-$DATE.json}" \
  AUTOVACUUM_STATE="$AUTOVACUUM_STATE" LOAD_JSON="$WORK/load.json" EXPLAIN_JSON="$WORK/explain.json" PGBENCH_LOGS="$PGBENCH_LOGS" PGBENCH_CMD="$PGBENCH_CMD" \
  BENCH_ORDERS="$ORDERS" DB_ORDERS_BEFORE="$DB_ORDERS_BEFORE" DB_EVENTS_BEFORE="$DB_EVENTS_BEFORE" DB_TABLE_MB="$DB_TABLE_MB" \
  DB_CREATED_BY_API="$DB_CREATED_BY_API" OUTBOX_BACKLOG="$OUTBOX_BACKLOG" PG_VERSION="$(psql_db -c 'SHOW server_version')" \
  LOADAVG_START="$LOADAVG_START" LOADAVG_AFTER_LOAD="$LOADAVG_AFTER_LOAD" \
  T_SETUP="$T_SETUP" T_BULK="$T_BULK" T_LOAD="$T_LOAD" T_PGBENCH="$T_PGBENCH" T_TOTAL="$T_TOTAL" \
  $TS_NODE bench/intake/report.ts
say "done in ${T_TOTAL}s"
