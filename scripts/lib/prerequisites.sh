# Sourced by the scripts in scripts/: each names the commands it needs instead of failing later with
# "command not found". On Debian as root a missing one is installed with apt-get (as
# scripts/services.sh does for the services); anywhere else the script stops and says what to install.
# SWITCHBOARD_INSTALL_PREREQUISITES=0 turns installing off.

# require_command <command> <debian package> <what it is needed for>
require_command() {
  local command=$1 package=$2 purpose=$3
  command -v "$command" >/dev/null 2>&1 && return 0
  if [ "${SWITCHBOARD_INSTALL_PREREQUISITES:-1}" != 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    printf '[prerequisites] installing %s (%s, needed for %s)\n' "$package" "$command" "$purpose" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends "$package" >/dev/null 2>&1 ||
      { apt-get update -qq && apt-get install -y -qq --no-install-recommends "$package" >/dev/null; } || true
    command -v "$command" >/dev/null 2>&1 && return 0
  fi
  printf '%s is needed for %s but is not installed: install it (Debian: apt-get install %s) and run this again.\n' \
    "$command" "$purpose" "$package" >&2
  exit 1
}

# require_compose: sets compose_bin to `docker compose` (v2) or docker-compose (v1.29+), installing
# docker-compose when neither is there.
require_compose() {
  if docker compose version >/dev/null 2>&1; then
    compose_bin=(docker compose)
  else
    require_command docker-compose docker-compose "running docker-compose.yml"
    compose_bin=(docker-compose)
  fi
}
