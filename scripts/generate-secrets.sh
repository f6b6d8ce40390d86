#!/usr/bin/env bash
# Writes .env for `docker compose up`: the public URLs, a session secret, the first encryption key,
# the database password and the runner's internal token. Refuses to overwrite an existing file.
#   scripts/generate-secrets.sh https://switchboard.example.com [target-file]
# The MCP endpoint defaults to the same host on port 3200 (SWITCHBOARD_GATEWAY_PORT), e.g.
# https://switchboard.example.com:3200/mcp; set SWITCHBOARD_GATEWAY_URL to use another URL (e.g.
# behind a reverse proxy).
set -euo pipefail
usage="usage: scripts/generate-secrets.sh https://switchboard.example.com [target-file]"
url="${1:?$usage}"
target="${2:-.env}"
url="${url%/}"
if [[ ! "$url" =~ ^(https?)://([^/:]+|\[[0-9a-fA-F:]+\])(:[0-9]+)?$ ]]; then
  echo "$url is not a URL like https://switchboard.example.com (scheme, host, optional port, no path)." >&2
  exit 2
fi
gateway_url="${SWITCHBOARD_GATEWAY_URL:-${BASH_REMATCH[1]}://${BASH_REMATCH[2]}:${SWITCHBOARD_GATEWAY_PORT:-3200}/mcp}"
if [ -e "$target" ]; then
  echo "$target exists; not overwriting (key rotation is described in docs/admin-guide.md)." >&2
  exit 1
fi
random() { head -c "$1" /dev/urandom | base64 | tr -d '\n/+='; }
umask 077
cat >"$target" <<SECRETS
SWITCHBOARD_URL=$url
SWITCHBOARD_GATEWAY_URL=$gateway_url
NEXTAUTH_SECRET=$(random 48)
SWITCHBOARD_ENCRYPTION_KEYS=k$(date +%Y%m%d):$(head -c 32 /dev/urandom | base64 | tr -d '\n')
POSTGRES_PASSWORD=$(random 24)
RUNNER_INTERNAL_TOKEN=$(random 32)
# Prometheus presents it to each app's /metrics (Authorization: Bearer …).
METRICS_TOKEN=$(random 32)
SECRETS
echo "Wrote $target. Keep it out of version control and back it up: without the encryption key, stored credentials cannot be read."
