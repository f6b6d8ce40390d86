#!/usr/bin/env bash
# Writes .env for `docker compose up`: the public URLs, a session secret, the first encryption key,
# the database password and the runner's internal token. Refuses to overwrite an existing file.
#   scripts/generate-secrets.sh https://switchboard.example.com [target-file]
set -euo pipefail
url="${1:?usage: scripts/generate-secrets.sh https://switchboard.example.com [target-file]}"
target="${2:-.env}"
if [ -e "$target" ]; then
  echo "$target exists; not overwriting (key rotation is described in docs/admin-guide.md)." >&2
  exit 1
fi
random() { head -c "$1" /dev/urandom | base64 | tr -d '\n/+='; }
umask 077
cat >"$target" <<SECRETS
SWITCHBOARD_URL=${url%/}
SWITCHBOARD_GATEWAY_URL=${url%/}:3200/mcp
NEXTAUTH_SECRET=$(random 48)
SWITCHBOARD_ENCRYPTION_KEYS=k$(date +%Y%m%d):$(head -c 32 /dev/urandom | base64 | tr -d '\n')
POSTGRES_PASSWORD=$(random 24)
RUNNER_INTERNAL_TOKEN=$(random 32)
SECRETS
echo "Wrote $target. Keep it out of version control and back it up: without the encryption key, stored credentials cannot be read."
