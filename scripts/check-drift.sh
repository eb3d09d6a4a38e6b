#!/usr/bin/env bash
# Fails when entities and committed migrations disagree (migration:generate --check on a scratch db).
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hotline}"
SCRATCH=$(node -e "const u=new URL(process.argv[1]);u.pathname='/hotline_drift_'+process.pid;console.log(u.toString())" "$BASE")
export DATABASE_URL="$SCRATCH"
cleanup() { node -r ./scripts/register.js -e "require('@hotline/database').dropDatabase(require('@hotline/config').loadConfig())"; }
trap cleanup EXIT
npm run --silent db:migrate >/dev/null
npm run --silent migration:check
