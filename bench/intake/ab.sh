#!/usr/bin/env bash
# A/B of two builds' create path (or, with AB_MEASURE=list, their list path) on a kept bench database
# (KEEP_BENCH_DB=1 npm run bench:intake first): AB_ROUNDS rounds, each starting build A's api + worker,
# measuring (ab-create.ts, or ab-list.ts: the four list variants at 10 connections), stopping
# them, then the same for build B, so both see the same machine at nearly the same time. Prints one
# JSON line per measurement and the medians per build.
#
#   git worktree add /tmp/base <commit> && (cd /tmp/base && ln -s "$PWD/node_modules" . && npm run build)
#   AB_DIST_A=/tmp/base/dist AB_DIST_B=dist bash bench/intake/ab.sh
#
# Knobs: AB_MEASURE (create | list), AB_API_NODE_OPTIONS_A / _B (node flags for each build's api, e.g. a
# V8 heap setting against none), AB_SQL_A / _B (SQL run on the bench database before each of that build's
# rounds, e.g. a trigger disabled for A and enabled for B), AB_WORKER_NODE_OPTIONS (both workers', e.g. --cpu-prof), AB_ENV_A / _B (NAME=value words in the environment of that build's api and worker, e.g. OUTBOX_GATHER_MS=200), AB_WORKER_ENV_A / _B (the same for that build's worker alone, e.g. DATABASE_POOL_SIZE=2), AB_PAUSE_WORKER_A / _B (1: that build's worker is stopped during the measured creates and routes them afterwards: the api's and PostgreSQL's latency alone), AB_CREATE_RATE (creates/s: the measured creates open loop at that rate instead of closed loop), AB_ROUNDS (3), AB_DURATION_S (15), BENCH_DB (hotline_bench), BENCH_PORT (3100).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/common.sh
kept_bench_env
A="${AB_DIST_A:?AB_DIST_A: the dist/ of build A}"
B="${AB_DIST_B:-dist}"
MEASURE="${AB_MEASURE:-create}"
case "$MEASURE" in create | list) ;; *) die "AB_MEASURE must be create or list" ;; esac
OUT=$(mktemp /tmp/hotline-ab.XXXXXX)
API_PID=""
WORKER_PID=""
trap 'stop_apps; redis_cleanup; restore_autovacuum "$DATABASE_URL"' EXIT
production_autovacuum "$DATABASE_URL"

measure() {
  local label=$1 dist=$2 api_options=$3 sql=$4 app_env=$5 worker_env=$6
  [ -z "$sql" ] || psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -qAtX -c "$sql" >/dev/null
  start_apps "$dist" "$api_options" "${AB_WORKER_NODE_OPTIONS:-}" "$app_env" "$worker_env"
  sleep 2
  wait_quiet "$WORKER_PID"
  AB_LABEL=$label BENCH_URL="http://127.0.0.1:$PORT" API_PID=$API_PID WORKER_PID=$WORKER_PID \
    timeout $((60 + 5 * ${AB_DURATION_S:-15})) node -r ./scripts/register.js bench/intake/ab-$MEASURE.ts | tee -a "$OUT"
  stop_apps
}

for r in $(seq 1 "${AB_ROUNDS:-3}"); do
  measure A "$A" "${AB_API_NODE_OPTIONS_A:-}" "${AB_SQL_A:-}" "${AB_ENV_A:-}" "${AB_WORKER_ENV_A:-}"
  measure B "$B" "${AB_API_NODE_OPTIONS_B:-}" "${AB_SQL_B:-}" "${AB_ENV_B:-}" "${AB_WORKER_ENV_B:-}"
done
node -e '
  const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
  const keys = Object.keys(rows[0]).filter((k) => k !== "label");
  const med = {};
  for (const l of ["A", "B"]) med[l] = Object.fromEntries(keys.map((k) => [k, median(rows.filter((r) => r.label === l).map((r) => r[k]))]));
  console.log(JSON.stringify({ median: med, ratioBtoA: Object.fromEntries(keys.map((k) => [k, med.A[k] ? Math.round((1000 * med.B[k]) / med.A[k]) / 1000 : null])) }, null, 1));
' "$OUT"
rm -f "$OUT"
