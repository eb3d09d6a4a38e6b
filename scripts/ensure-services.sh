#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer at DATABASE_URL / REDIS_URL: use running services; else start
# installed ones; else install them from the OS packages (root on Debian/Ubuntu); else docker compose;
# else say clearly what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hotline}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
PG_HOST=$(node -e "const u=new URL(process.argv[1]);console.log(u.hostname||'127.0.0.1')" "$DATABASE_URL")
PG_PORT=$(node -e "const u=new URL(process.argv[1]);console.log(u.port||5432)" "$DATABASE_URL")
RD_HOST=$(node -e "const u=new URL(process.argv[1]);console.log(u.hostname||'127.0.0.1')" "$REDIS_URL")
RD_PORT=$(node -e "const u=new URL(process.argv[1]);console.log(u.port||6379)" "$REDIS_URL")

say() { printf '[services] %s\n' "$*"; }
port_open() { node -e "const s=require('net').connect(+process.argv[2],process.argv[1]);s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));setTimeout(()=>process.exit(1),1500)" "$1" "$2"; }
wait_port() { for _ in $(seq 1 60); do port_open "$1" "$2" && return 0; sleep 0.5; done; return 1; }
is_root() { [ "$(id -u)" = 0 ]; }
have() { command -v "$1" >/dev/null 2>&1; }
apt_ready=0
apt_install() {
  if is_root && have apt-get; then
    if [ $apt_ready = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get update -qq; apt_ready=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    return 0
  fi
  return 1
}
local_host() { case "$1" in 127.0.0.1|localhost|::1) return 0;; *) return 1;; esac; }

start_postgres() {
  if have pg_ctlcluster && ls /etc/postgresql >/dev/null 2>&1 && [ -n "$(ls /etc/postgresql)" ]; then
    local v; v=$(ls /etc/postgresql | sort -V | tail -1)
    pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>/dev/null || pg_ctlcluster "$v" main start
    return 0
  fi
  return 1
}
start_redis() {
  if have redis-server; then
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$RD_PORT" --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/hotline.log
    return 0
  fi
  return 1
}

ensure() {
  local name=$1 host=$2 port=$3 starter=$4 pkg=$5
  if port_open "$host" "$port"; then say "$name is up at $host:$port"; return 0; fi
  if ! local_host "$host"; then say "ERROR: $name at $host:$port does not answer"; return 1; fi
  say "$name is not answering at $host:$port; starting it"
  if $starter && wait_port "$host" "$port"; then say "$name started"; return 0; fi
  if apt_install $pkg && $starter && wait_port "$host" "$port"; then say "$name installed and started"; return 0; fi
  if have docker && docker info >/dev/null 2>&1; then
    docker compose -f docker/compose.yml up -d postgres redis && wait_port "$host" "$port" && { say "$name started in Docker"; return 0; }
  fi
  say "ERROR: cannot reach or start $name. Install it (Debian: apt-get install $pkg), run docker compose -f docker/compose.yml up -d, or set the URL in .env"
  return 1
}

ensure PostgreSQL "$PG_HOST" "$PG_PORT" start_postgres "postgresql postgresql-contrib"
ensure Redis "$RD_HOST" "$RD_PORT" start_redis "redis-server"
