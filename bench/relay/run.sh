#!/usr/bin/env bash
# The outbox relay's claim over dead index entries, from 0 and from its start id (bench/relay/claim.ts):
#
#   npm run bench:relay      # about a minute; PostgreSQL on 127.0.0.1
#
# On a fresh database of its own (BENCH_DB, default hotline_bench_relay), migrated and seeded as in
# production, dropped at the end. Knobs: RELAY_DEAD_ROWS (200000), RELAY_LIVE_ROWS (500),
# RELAY_ROUNDS (21), BENCH_PG_BASE, OUT_JSON (default bench/results/relay-claim-<date>.json).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/common.sh
DB="${BENCH_DB:-hotline_bench_relay}"
case "$DB" in *bench*) ;; *) die "BENCH_DB must contain 'bench' (it is dropped): $DB";; esac
PG_BASE="${BENCH_PG_BASE:-postgres://postgres@127.0.0.1:5432}"
ADMIN_URL="$PG_BASE/postgres"
export DATABASE_URL="$PG_BASE/$DB" REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}" QUEUE_PREFIX='{hotline-bench-relay}' LOG_LEVEL=warn
WORK=$(mktemp -d /tmp/hotline-bench-relay.XXXXXX)
OUT="${OUT_JSON:-bench/results/relay-claim-$(date +%F).json}"
trap 'rc=$?; psql "$ADMIN_URL" -qAtX -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true; finish_logs $rc' EXIT
fresh_database
say "claim: ${RELAY_DEAD_ROWS:-200000} published rows with dead index entries, ${RELAY_LIVE_ROWS:-500} unpublished"
timeout 600 node -r ./scripts/register.js bench/relay/claim.ts | tee "$OUT"
say "results: $OUT"
