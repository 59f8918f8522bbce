#!/usr/bin/env bash
# PgBouncer in transaction mode in front of the test PostgreSQL, for the Postgres saver's tests.
#   scripts/services/pgbouncer.sh start    install (Debian package, as root) if missing, start on 127.0.0.1:6432
#   scripts/services/pgbouncer.sh stop     stop the PgBouncer this script started
#   scripts/services/pgbouncer.sh status   say whether it is running
# Environment: WEFT_PGBOUNCER_PORT (6432).
# It pools database `test` on 127.0.0.1:5432 (trust auth) with pool_mode = transaction.
set -euo pipefail

PORT="${WEFT_PGBOUNCER_PORT:-6432}"
# Under /tmp, not ~/.cache: PgBouncer runs as the postgres user, who cannot enter /root.
RUN="${TMPDIR:-/tmp}/weft-pgbouncer-$PORT"

log() { printf '[pgbouncer] %s\n' "$*" >&2; }
usage() { sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

install() {
  command -v pgbouncer >/dev/null && return
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    log "installing Debian's pgbouncer package"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q pgbouncer >/dev/null
  else
    log "pgbouncer is not installed (apt-get install pgbouncer)"; exit 1
  fi
}

start() {
  if port_open; then log "already listening on 127.0.0.1:$PORT"; return; fi
  install
  mkdir -p "$RUN"
  cat >"$RUN/pgbouncer.ini" <<INI
[databases]
test = host=127.0.0.1 port=5432 dbname=test

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PORT
unix_socket_dir =
auth_type = trust
auth_file = $RUN/userlist.txt
pool_mode = transaction
default_pool_size = 4
max_client_conn = 200
logfile = $RUN/pgbouncer.log
pidfile = $RUN/pgbouncer.pid
INI
  printf '"postgres" ""\n' >"$RUN/userlist.txt"
  local user=()
  # PgBouncer refuses to run as root; run it as the postgres user when there is one.
  if [[ "$(id -u)" == 0 ]] && id postgres >/dev/null 2>&1; then
    chown -R postgres "$RUN"
    user=(-u postgres)
  fi
  pgbouncer -d "${user[@]}" "$RUN/pgbouncer.ini"
  for _ in $(seq 1 50); do
    if port_open; then log "listening on 127.0.0.1:$PORT (transaction mode, log $RUN/pgbouncer.log)"; return; fi
    sleep 0.1
  done
  log "PgBouncer did not start; its log:"; cat "$RUN/pgbouncer.log" >&2 || true; exit 1
}

stop() {
  if [[ -f "$RUN/pgbouncer.pid" ]] && kill "$(cat "$RUN/pgbouncer.pid")" 2>/dev/null; then log "stopped"; fi
}

status() {
  if port_open; then echo "running on 127.0.0.1:$PORT"; else echo "not running"; exit 1; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  -h | --help | help | "") usage ;;
  *) log "unknown command: $1"; usage; exit 2 ;;
esac
