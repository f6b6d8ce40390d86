#!/usr/bin/env bash
# Validates docker-compose.yml with a throwaway .env, as `docker compose up` would read it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=lib/prerequisites.sh
source "$root/scripts/lib/prerequisites.sh"
require_compose
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$root/docker-compose.yml" "$work/"
bash "$root/scripts/generate-secrets.sh" https://switchboard.example "$work/.env" >/dev/null
(cd "$work" && "${compose_bin[@]}" config -q)
echo "docker-compose.yml is valid."
