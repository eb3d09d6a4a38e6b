# Shared by the bench run.sh scripts (sourced): logging, stopping the apps a run started, and
# deleting the run's own BullMQ keys. Expects API_PID, WORKER_PID, QUEUE_PREFIX and REDIS_URL.
say() { printf '[bench] %s %s\n' "$(date +%T)" "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
elapsed() { echo $(( $(date +%s) - $1 )); }

stop_apps() {
  local pid
  for pid in $API_PID $WORKER_PID; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in $API_PID $WORKER_PID; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  API_PID=""
  WORKER_PID=""
}

# Starts the built worker and api of a dist/ ($1) on $PORT, with node flags for each ($2 the api's,
# $3 the worker's, as words) and extra environment for both ($4, NAME=value words), sets API_PID and
# WORKER_PID, and waits for the api to be ready.
start_apps() {
  local dist=$1 api_options=${2:-} worker_options=${3:-} app_env=${4:-} worker_env=${5:-}
  # shellcheck disable=SC2086 # the options are words
  env $app_env $worker_env node $worker_options "$dist/apps/worker/apps/worker/src/main.js" >/dev/null 2>&1 &
  WORKER_PID=$!
  # shellcheck disable=SC2086 # the options are words
  env $app_env PORT="$PORT" HOST=127.0.0.1 node $api_options "$dist/apps/api/apps/api/src/main.js" >/dev/null 2>&1 &
  API_PID=$!
  for _ in $(seq 1 120); do curl -fsS --max-time 2 "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
}

# Waits until process $1 has used under 10 % of a core for 2 seconds running (at most $2 seconds, 90):
# the worker's boot-time passes (the full routing sweep, the next-timer check, the 35-day satisfaction
# reconcile) would otherwise land in the first measurement after it starts.
wait_quiet() {
  local pid=$1 limit=${2:-90} quiet=0 prev now
  prev=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null) || return 0
  for _ in $(seq 1 "$limit"); do
    sleep 1
    now=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null) || return 0
    if [ $((now - prev)) -lt 10 ]; then quiet=$((quiet + 1)); else quiet=0; fi
    prev=$now
    [ "$quiet" -ge 2 ] && return 0
  done
  echo "[bench] process $pid still busy after ${limit}s; measuring anyway" >&2
}

# Only a prefix that names a bench is ever deleted.
redis_cleanup() {
  timeout 30 node -e '
    const { Redis } = require("ioredis");
    const prefix = process.argv[1];
    if (!prefix.includes("bench")) process.exit(0);
    const r = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1 });
    r.on("error", () => {});
    (async () => {
      let cursor = "0";
      do {
        const [next, keys] = await r.scan(cursor, "MATCH", prefix.replace(/[*?[\]]/g, "\\$&") + ":*", "COUNT", 1000);
        cursor = next;
        if (keys.length) await r.del(...keys);
      } while (cursor !== "0");
      r.disconnect();
    })().catch(() => r.disconnect());
  ' "$QUEUE_PREFIX" >/dev/null 2>&1 || true
}

# For a tool working on a database kept by the intake bench (ab.sh, tail.sh): sets DB and PORT,
# exports the apps' environment, and stops unless the database holds the bench's orders.
kept_bench_env() {
  DB="${BENCH_DB:-hotline_bench}"
  case "$DB" in *bench*) ;; *) die "BENCH_DB must contain 'bench'";; esac
  PORT="${BENCH_PORT:-3100}"
  export DATABASE_URL="${BENCH_PG_BASE:-postgres://postgres@127.0.0.1:5432}/$DB"
  export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
  export QUEUE_PREFIX='{hotline-bench}' LOG_LEVEL=warn
  psql "$DATABASE_URL" -qAtX -c "SELECT 1 FROM work_orders LIMIT 1" >/dev/null || die "no bench database $DB (KEEP_BENCH_DB=1 npm run bench:intake)"
}

# A fresh database for the run: dropped, migrated and seeded the way production is. Expects DB,
# ADMIN_URL (a maintenance database URL) and WORK (the run's log directory).
fresh_database() {
  say "database $DB: drop, create, migrate, seed"
  psql "$ADMIN_URL" -v ON_ERROR_STOP=1 -qAtX -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null
  redis_cleanup
  timeout 120 npm run --silent db:migrate >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log" >&2; die "migration failed"; }
  timeout 120 npm run --silent db:seed >"$WORK/seed.log" 2>&1 || { cat "$WORK/seed.log" >&2; die "seeding failed"; }
}

# On failure (or when asked to keep them) the logs stay in WORK and their tails are printed.
finish_logs() {
  local rc=$1 keep=${2:-0}
  if [ "$rc" -ne 0 ] || [ "$keep" = 1 ]; then
    say "exit $rc; logs kept in $WORK"
    for f in "$WORK"/api.log "$WORK"/worker.log; do [ -s "$f" ] && { say "--- tail of $f"; tail -n 20 "$f" >&2; }; done
  else
    rm -rf "$WORK"
  fi
}

# Builds dist/ when it is missing or older than the sources or the lock file.
ensure_build() {
  local main=dist/apps/api/apps/api/src/main.js
  if [ ! -f "$main" ] || [ ! -f dist/apps/worker/apps/worker/src/main.js ] || [ "$main" -ot package-lock.json ] \
     || [ -n "$(find apps libs -name '*.ts' -newer "$main" -print -quit)" ]; then
    say "building dist/"
    timeout 300 npm run --silent build >&2
  fi
}

# PostgreSQL as a city runs it: with autovacuum. This machine's server runs with autovacuum = off
# (its CI configuration), and a bench run on it measured an artefact: the tables that start the run
# near empty (outbox, dispatch_records, processed_jobs) kept the statistics of an empty table, so the
# rollup's hop read became a sequential scan of dispatch_records per batch, and the relay's claim
# walked every dead entry of the outbox's partial index (see bench/README.md). A run turns
# autovacuum on for its duration (ALTER SYSTEM and a reload, which needs a superuser;
# BENCH_AUTOVACUUM=as-is leaves the server alone) and puts the setting back as it was at exit. Sets AUTOVACUUM_STATE (what the run measured with) for the results.
AUTOVACUUM_RESTORE=""
production_autovacuum() {
  local url=$1 now source
  AUTOVACUUM_STATE=$(psql "$url" -qAtX -c "SHOW autovacuum" 2>/dev/null || echo unknown)
  if [ "${BENCH_AUTOVACUUM:-on}" = as-is ] || [ "$AUTOVACUUM_STATE" != off ]; then return 0; fi
  source=$(psql "$url" -qAtX -c "SELECT coalesce(sourcefile, '') FROM pg_settings WHERE name = 'autovacuum'" 2>/dev/null || echo "")
  if ! psql "$url" -qAtX -c "ALTER SYSTEM SET autovacuum = on" -c "SELECT pg_reload_conf()" >/dev/null 2>&1; then
    say "WARNING: autovacuum is off on this server and cannot be turned on (a superuser can); PostgreSQL's figures are inflated"
    return 0
  fi
  # What puts it back: the earlier ALTER SYSTEM value, or none (the configuration files decide again).
  case "$source" in *postgresql.auto.conf) AUTOVACUUM_RESTORE="ALTER SYSTEM SET autovacuum = off";; *) AUTOVACUUM_RESTORE="ALTER SYSTEM RESET autovacuum";; esac
  for _ in $(seq 1 50); do
    now=$(psql "$url" -qAtX -c "SHOW autovacuum" 2>/dev/null || echo "")
    [ "$now" = on ] && break
    sleep 0.1
  done
  AUTOVACUUM_STATE="on (turned on for the run; the server's own setting is off)"
  say "autovacuum was off on this server: on for this run, put back at exit"
}

restore_autovacuum() {
  [ -n "$AUTOVACUUM_RESTORE" ] || return 0
  psql "$1" -qAtX -c "$AUTOVACUUM_RESTORE" -c "SELECT pg_reload_conf()" >/dev/null 2>&1 \
    || say "WARNING: could not put autovacuum back: run '$AUTOVACUUM_RESTORE' and SELECT pg_reload_conf() as a superuser"
  AUTOVACUUM_RESTORE=""
}
