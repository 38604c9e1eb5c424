#!/usr/bin/env bash
# Installs the pinned n8n used by the e2e suite into .cache/n8n-e2e/ (gitignored), from the npm registry only.
# Idempotent: does nothing when that version is already installed. Bounded by `timeout`. Prints its duration.
# Why the override: n8n-nodes-base pulls xlsx from cdn.sheetjs.com, which is not on the registry.
# Why lockfile first: resolving without install scripts is fast and fails early on resolution errors.
#
# N8N_E2E_DB=postgres (default): n8n keeps its data in PostgreSQL, so no dependency install script runs at all
#   (npm 11.19 skips them unless package.json "allowScripts" approves them).
# N8N_E2E_DB=sqlite: sqlite3's install script is approved; its prebuilt binary comes from GitHub, which is not
#   reachable here, so it compiles from source (needs python3, make and a C++ compiler; about 2 minutes).
set -euo pipefail

N8N_VERSION="${N8N_E2E_VERSION:-2.8.4}"
DB_KIND="${N8N_E2E_DB:-postgres}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
HOST_DIR="${N8N_E2E_DIR:-$ROOT/.cache/n8n-e2e}"
LOCK_TIMEOUT_S="${N8N_E2E_LOCK_TIMEOUT_S:-600}"
INSTALL_TIMEOUT_S="${N8N_E2E_INSTALL_TIMEOUT_S:-1200}"

case "$DB_KIND" in
	postgres) ALLOW_SCRIPTS='{"sqlite3":false}' ;;
	sqlite) ALLOW_SCRIPTS='{"sqlite3":true}' ;;
	*) echo "installN8n: N8N_E2E_DB=$DB_KIND is not supported: use postgres or sqlite" >&2; exit 2 ;;
esac

installed_version() {
	node -p "require('$HOST_DIR/node_modules/n8n/package.json').version" 2>/dev/null || true
}

sqlite_loads() {
	(cd "$HOST_DIR" && node -e "require('sqlite3')") 2>/dev/null
}

write_manifest() {
	# The project must never be named "n8n" (npm ENOSELF).
	cat > "$HOST_DIR/package.json" <<JSON
{"name":"n8n-e2e-host","private":true,"overrides":{"xlsx":"0.18.5"},"dependencies":{"n8n":"$N8N_VERSION"},"allowScripts":$ALLOW_SCRIPTS}
JSON
}

require_sqlite() {
	if [ "$DB_KIND" = sqlite ] && ! sqlite_loads; then
		echo "installN8n: sqlite3's native binding did not build (n8n cannot open SQLite): see the npm output above, or use N8N_E2E_DB=postgres" >&2
		exit 1
	fi
}

started=$(date +%s)
if [ "$(installed_version)" = "$N8N_VERSION" ] && [ -x "$HOST_DIR/node_modules/.bin/n8n" ]; then
	if [ "$DB_KIND" != sqlite ] || sqlite_loads; then
		echo "n8n $N8N_VERSION already installed in $HOST_DIR (skipped)"
		exit 0
	fi
	echo "n8n $N8N_VERSION is installed but sqlite3 has no native binding: building it..."
	write_manifest
	(cd "$HOST_DIR" && timeout "$INSTALL_TIMEOUT_S" npm rebuild sqlite3)
	require_sqlite
	echo "sqlite3 built in $(( $(date +%s) - started )) s"
	exit 0
fi

mkdir -p "$HOST_DIR"
cd "$HOST_DIR"
write_manifest

if [ ! -f package-lock.json ] \
	|| [ "$(node -p "(require('./package-lock.json').packages['node_modules/n8n'] || {}).version" 2>/dev/null)" != "$N8N_VERSION" ]; then
	echo "resolving n8n@$N8N_VERSION (lockfile only)..."
	rm -f package-lock.json
	timeout "$LOCK_TIMEOUT_S" npm install --package-lock-only --ignore-scripts --no-audit --no-fund
	echo "lockfile ready after $(( $(date +%s) - started )) s"
fi

echo "installing n8n@$N8N_VERSION into $HOST_DIR (first time: 4-8 min, ~2 GB)..."
# Not `npm ci`: npm 11 rejects this lockfile as "out of sync" over optional platform packages it omits.
timeout "$INSTALL_TIMEOUT_S" npm install --no-audit --no-fund

got="$(installed_version)"
if [ "$got" != "$N8N_VERSION" ]; then
	echo "installN8n: expected n8n $N8N_VERSION in $HOST_DIR/node_modules, found '${got:-nothing}'" >&2
	exit 1
fi
require_sqlite
echo "n8n $N8N_VERSION installed in $(( $(date +%s) - started )) s ($(du -sh node_modules | cut -f1))"
