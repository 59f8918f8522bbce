#!/usr/bin/env bash
# Entry point for the README's commands: prepares the toolchain, then runs one job.
#   scripts/run.sh demo    run the example program
#   scripts/run.sh test    build, typecheck, lint and run every test
#   scripts/run.sh bench   benchmarks against @langchain/langgraph (--help for options)
#   scripts/run.sh pnpm …  run any pnpm command with the repo's toolchain
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() { sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

job="${1:-}"; shift || true
case "$job" in
  -h|--help|help|"") usage; exit 0 ;;
esac

# `pnpm …` manages packages itself, so it skips the automatic install.
[[ "$job" == pnpm ]] && export WEFT_SKIP_INSTALL=1
# shellcheck source=toolchain.sh
source "$HERE/toolchain.sh"
cd "$WEFT_ROOT"

case "$job" in
  demo) exec pnpm --silent run demo:run "$@" ;;
  test)
    # Services the tests start themselves: FerretDB (a MongoDB API, built once and cached)
    # and PgBouncer in transaction mode in front of the test PostgreSQL.
    bash "$HERE/services/ferretdb.sh" start ||
      echo "[weft] FerretDB could not start; the MongoDB tests will fail and say how to start it" >&2
    bash "$HERE/services/pgbouncer.sh" start ||
      echo "[weft] PgBouncer could not start; its tests will fail and say how to start it" >&2
    exec pnpm --silent run test:all "$@" ;;
  bench)
    # saver_raw also measures the MongoDB savers, on FerretDB.
    bash "$HERE/services/ferretdb.sh" start ||
      echo "[weft] FerretDB could not start; the MongoDB bench cases will fail" >&2
    exec pnpm --silent --filter @weft/bench run bench "$@" ;;
  pnpm) exec pnpm "$@" ;;
  *) echo "unknown job: $job" >&2; usage; exit 2 ;;
esac
