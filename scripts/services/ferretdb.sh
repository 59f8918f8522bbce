#!/usr/bin/env bash
# FerretDB: a MongoDB wire-protocol server (Go, SQLite backend) for the MongoDB saver's tests.
#   scripts/services/ferretdb.sh start    build once (cached), then start on 127.0.0.1:27017
#   scripts/services/ferretdb.sh stop     stop the server this script started
#   scripts/services/ferretdb.sh status   say whether it is running and where
#   scripts/services/ferretdb.sh build    only build (or find) the cached binary
# Environment: WEFT_FERRETDB_PORT (27017), WEFT_CACHE_DIR (~/.cache/weft).
# No mongod can be downloaded on the project's machines; FerretDB is built from the Go module proxy.
set -euo pipefail

VERSION="v1.24.2"   # v1.24.1 is not served by the module proxy; v1.24.2 is
MODULE="github.com/FerretDB/FerretDB"
PORT="${WEFT_FERRETDB_PORT:-27017}"
CACHE="${WEFT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/weft}/ferretdb-$VERSION"
BIN="$CACHE/ferretdb"
RUN="$CACHE/run-$PORT"

log() { printf '[ferretdb] %s\n' "$*" >&2; }
usage() { sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

build() {
  if [[ -x "$BIN" ]]; then return; fi
  command -v go >/dev/null || { log "Go is needed to build FerretDB (apt-get install golang)"; exit 1; }
  log "building FerretDB $VERSION once into $CACHE (takes a few minutes; cached afterwards)"
  mkdir -p "$CACHE"
  local work; work="$(mktemp -d)"
  # Outside any go.mod, so the repo never becomes a Go module.
  local dir
  dir="$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$MODULE@$VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -n "$dir" && -d "$dir" ]] || { log "could not download $MODULE@$VERSION from the Go module proxy"; exit 1; }
  cp -R "$dir" "$work/src" && chmod -R u+w "$work/src"
  # The module omits this git-ignored file; without it the binary panics at start.
  mkdir -p "$work/src/build/version" && printf '%s\n' "$VERSION" >"$work/src/build/version/version.txt"
  (cd "$work/src" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -o "$BIN.tmp" ./cmd/ferretdb) ||
    { rm -rf "$work"; log "go build failed"; exit 1; }
  rm -rf "$work"
  mv "$BIN.tmp" "$BIN"
  log "built $BIN"
}

start() {
  if port_open; then log "already listening on 127.0.0.1:$PORT"; return; fi
  build
  mkdir -p "$RUN"
  local data; data="$(mktemp -d "${TMPDIR:-/tmp}/weft-ferretdb-XXXXXX")"
  echo "$data" >"$RUN/data-dir"
  DO_NOT_TRACK=1 nohup "$BIN" --handler=sqlite --sqlite-url="file:$data/" \
    --listen-addr="127.0.0.1:$PORT" --state-dir="$data" --debug-addr=- \
    --telemetry=disable --log-level=warn >"$RUN/log" 2>&1 &
  echo $! >"$RUN/pid"
  for _ in $(seq 1 100); do
    if port_open; then log "listening on 127.0.0.1:$PORT (data in $data, log $RUN/log)"; return; fi
    if ! kill -0 "$(cat "$RUN/pid")" 2>/dev/null; then break; fi
    sleep 0.2
  done
  log "FerretDB did not start; its log:"; cat "$RUN/log" >&2; exit 1
}

stop() {
  if [[ -f "$RUN/pid" ]] && kill "$(cat "$RUN/pid")" 2>/dev/null; then log "stopped"; fi
  if [[ -f "$RUN/data-dir" ]]; then rm -rf "$(cat "$RUN/data-dir")"; fi
  rm -f "$RUN/pid" "$RUN/data-dir"
}

status() {
  if port_open; then echo "running on 127.0.0.1:$PORT"; else echo "not running"; exit 1; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  build) build ;;
  -h | --help | help | "") usage ;;
  *) log "unknown command: $1"; usage; exit 2 ;;
esac
