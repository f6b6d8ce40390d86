#!/usr/bin/env bash
# Starts the stack for Playwright against a fresh, migrated database of its own: the runner, the
# gateway, a company SSO (an oidc-provider, see e2e/support/sso-provider.ts) and the web app.
# Everything derives from E2E_WEB_PORT (web; runner +100, gateway +200, SSO +300), so two runs on
# one machine whose web ports are 400 apart (say, CI and a developer) share no database, Redis
# database, runner id or port. SIGTERM, SIGINT or a failed start stops everything it started.
set -euo pipefail
# Job control: every process started in the background leads a process group of its own, so stopping
# it also stops whatever it spawned (Next's server process, tsx's child).
set -m
cd "$(dirname "$0")/.."
# shellcheck source=lib/prerequisites.sh
source scripts/lib/prerequisites.sh
require_command psql postgresql-client "creating the e2e database"
require_command redis-cli redis-tools "emptying the e2e Redis database"
require_node24 "the e2e stack (runner, gateway, web)"
require_docker_engine "the runner's MCP containers"
require_command openssl openssl "the certificate e2e/07's client metadata document is served with"
port="${E2E_WEB_PORT:-3100}"
db_name="switchboard_e2e_${port}"
export DATABASE_URL="postgresql://postgres:postgres@127.0.0.1:5432/${db_name}"
psql "postgresql://postgres:postgres@127.0.0.1:5432/postgres" -qc "DROP DATABASE IF EXISTS ${db_name} WITH (FORCE)" -c "CREATE DATABASE ${db_name}" >/dev/null
npm run --silent db:migrate
export NEXTAUTH_URL="http://127.0.0.1:${port}"
export NEXTAUTH_SECRET="e2e-secret-e2e-secret-e2e-secret-e2e"
export SWITCHBOARD_ENCRYPTION_KEYS="e2e:$(head -c 32 /dev/zero | base64)"
# BullMQ queues live in Redis, so each run gets a database of its own, emptied like the Postgres one:
# 1-8 (0 is for development, 9 and up for the integration tests), one per 400 ports, so web ports
# 400 apart (3100, 3500, ... 5900) never share one. E2E_REDIS_DB overrides it.
export REDIS_URL="redis://127.0.0.1:6379/${E2E_REDIS_DB:-$((1 + port / 400 % 8))}"
redis-cli -u "$REDIS_URL" flushdb >/dev/null
export RUNNER_URL="http://127.0.0.1:$((port + 100))"
export RUNNER_INTERNAL_TOKEN="e2e-runner-token-e2e-runner-token"
# The OAuth specs run a real oidc-provider on plain http on 127.0.0.1 (random port).
export SWITCHBOARD_ALLOW_INSECURE_HTTP=true
export SWITCHBOARD_ALLOWED_DESTINATIONS=127.0.0.1
# Low enough for e2e/08 to reach it in a few seconds, far above what any other spec sends.
export RATE_LIMIT_API=200/60
# Client ID Metadata Documents are fetched only over https: e2e/07 serves one on 127.0.0.1 with this
# certificate (made fresh each start, see e2e/support/metadata-document-server.ts), which every
# process here trusts as an extra CA.
tls_dir="${TMPDIR:-/tmp}/switchboard-e2e-${port}"
mkdir -p "$tls_dir"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$tls_dir/key.pem" -out "$tls_dir/cert.pem" 2>/dev/null
export NODE_EXTRA_CA_CERTS="$tls_dir/cert.pem"
gateway_port=$((port + 200))
export GATEWAY_PUBLIC_URL="http://127.0.0.1:${gateway_port}/mcp"
# Company SSO for web; users of this domain join without an invitation (e2e/05-journey.spec.ts).
sso_port=$((port + 300))
export OIDC_ISSUER="http://127.0.0.1:${sso_port}"
export OIDC_CLIENT_ID="switchboard-e2e"
export OIDC_CLIENT_SECRET="e2e-sso-secret-e2e-sso-secret-e2e-sso"
export SSO_ALLOWED_DOMAINS="sso.example.com"

pids=()
# Stops every process group started here: SIGTERM (the runner finishes in-flight jobs; its
# containers are removed by the specs), SIGKILL for what still runs after 10 seconds (within
# playwright.config.ts's 15-second graceful shutdown, whose SIGKILL reaches only this script).
stop() {
  trap - EXIT INT TERM
  local pid
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  wait || true
}
trap stop EXIT
# node itself with tsx's loader rather than the npx/tsx wrappers, which do not pass SIGTERM on.
run_ts() { exec node --import tsx "$@"; }

# The runner (it needs Docker, so root here) starts MCP containers for the connector specs.
RUNNER_ID="e2e-${port}" RUNNER_HTTP_PORT="$((port + 100))" LOG_LEVEL="${E2E_RUNNER_LOG_LEVEL:-warn}" \
  run_ts apps/runner/src/main.ts &
runner_pid=$!
pids+=("$runner_pid")
GATEWAY_PORT="$gateway_port" GATEWAY_HOST=127.0.0.1 OAUTH_ISSUER="$NEXTAUTH_URL" LOG_LEVEL="${E2E_GATEWAY_LOG_LEVEL:-warn}" \
  run_ts apps/gateway/src/main.ts &
gateway_pid=$!
pids+=("$gateway_pid")
SSO_PORT="$sso_port" SSO_CLIENT_ID="$OIDC_CLIENT_ID" SSO_CLIENT_SECRET="$OIDC_CLIENT_SECRET" \
  SSO_REDIRECT_URI="${NEXTAUTH_URL}/api/auth/callback/oidc" run_ts e2e/support/sso-provider.ts &
sso_pid=$!
pids+=("$sso_pid")
trap 'exit 143' TERM
trap 'exit 130' INT

if [ ! -f apps/web/.next/BUILD_ID ]; then
  # In the background so a SIGTERM meanwhile is handled now, not when the build is done.
  npm run --silent build -w @switchboard/web &
  pids+=("$!")
  wait "$!"
fi

responds() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"; }
# Waits until a process we started answers at a URL, or fails when it exits or takes a minute.
await_ready() {
  local name=$1 pid=$2 url=$3
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { echo "[e2e-server] the ${name} exited during startup" >&2; exit 1; }
    responds "$url" && return 0
    sleep 1
  done
  echo "[e2e-server] the ${name} did not become ready at ${url}" >&2
  exit 1
}
await_ready runner "$runner_pid" "${RUNNER_URL}/health"
await_ready gateway "$gateway_pid" "http://127.0.0.1:${gateway_port}/health"
await_ready SSO "$sso_pid" "${OIDC_ISSUER}/.well-known/openid-configuration"

node node_modules/next/dist/bin/next start apps/web --hostname 127.0.0.1 --port "$port" &
web_pid=$!
pids+=("$web_pid")
wait "$web_pid"
