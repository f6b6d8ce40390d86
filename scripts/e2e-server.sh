#!/usr/bin/env bash
# Starts the web app for Playwright against a fresh, migrated database of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
db_name="switchboard_e2e_${E2E_WEB_PORT:-3100}"
export DATABASE_URL="postgresql://postgres:postgres@127.0.0.1:5432/${db_name}"
psql "postgresql://postgres:postgres@127.0.0.1:5432/postgres" -qc "DROP DATABASE IF EXISTS ${db_name} WITH (FORCE)" -c "CREATE DATABASE ${db_name}" >/dev/null
npm run --silent db:migrate
export NEXTAUTH_URL="http://127.0.0.1:${E2E_WEB_PORT:-3100}"
export NEXTAUTH_SECRET="e2e-secret-e2e-secret-e2e-secret-e2e"
export SWITCHBOARD_ENCRYPTION_KEYS="e2e:$(head -c 32 /dev/zero | base64)"
export REDIS_URL="redis://127.0.0.1:6379"
# The OAuth specs run a real oidc-provider on plain http on 127.0.0.1 (random port).
export SWITCHBOARD_ALLOW_INSECURE_HTTP=true
export SWITCHBOARD_ALLOWED_DESTINATIONS=127.0.0.1
[ -f apps/web/.next/BUILD_ID ] || npm run --silent build -w @switchboard/web
exec npx --prefix apps/web next start apps/web --hostname 127.0.0.1 --port "${E2E_WEB_PORT:-3100}"
