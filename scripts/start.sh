#!/usr/bin/env bash
# npm start: dependencies, services, schema, demo data, build, then the api and the worker.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .env ] && { set -a; . ./.env; set +a; }
bash scripts/install-deps.sh
bash scripts/ensure-services.sh
npm run --silent db:migrate
npm run --silent db:seed
npm run --silent build
PORT="${PORT:-3000}"
node dist/apps/worker/apps/worker/src/main.js &
WORKER=$!
node dist/apps/api/apps/api/src/main.js &
API=$!
trap 'kill $API $WORKER 2>/dev/null; wait' INT TERM EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:${PORT}/health" >/dev/null 2>&1 && break; sleep 0.5; done
cat <<MSG

  12345 hotline is running
    API            http://127.0.0.1:${PORT}/api
    OpenAPI docs   http://127.0.0.1:${PORT}/api/docs
    Health         http://127.0.0.1:${PORT}/health/ready

  Demo logins (password: ${SEED_PASSWORD:-Hotline12345!})
    admin            admin
    supervisor       zhiban          值班长
    dispatcher       paidan          派单员
    call agent       agent01         话务员 (zh)
    call agent       agent_mn        蒙语座席 (mn + zh)
    department       zjj01 cgj01 gaj01 gongshui01 linhe01 linhe_chezhan01 wuyuan01 rsj01 hbj01

  Ctrl-C stops both processes.
MSG
wait -n $API $WORKER
