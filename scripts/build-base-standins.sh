#!/usr/bin/env bash
# There is no image registry on the build machines, so this makes local stand-ins for the base
# images the Dockerfile and compose file name:
#   debian:bookworm-slim   a Debian bookworm rootfs (debootstrap, from the apt mirror), imported
#   node:24-bookworm-slim  that + Node 24 + npm (the Dockerfile's NODE_IMAGE)
#   switchboard-standin/postgres:bookworm  Debian's PostgreSQL 15 with an entrypoint that honours
#                          POSTGRES_USER/POSTGRES_PASSWORD/POSTGRES_DB and initialises PGDATA
#   switchboard-standin/redis:bookworm     Debian's redis-server 7 (+ redis-cli)
# The last two are not the official images and are not tagged as such: point compose at them with
# POSTGRES_IMAGE / REDIS_IMAGE (scripts/compose-smoke.sh does). Each is built only when missing.
# Users on the internet never need this: docker pulls the real images.
set -euo pipefail
# shellcheck source=lib/prerequisites.sh
source "$(dirname "$0")/lib/prerequisites.sh"
require_docker_engine "building the stand-in images"
mirror="${DEBIAN_MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || echo http://deb.debian.org/debian)}"
POSTGRES_STANDIN="${POSTGRES_STANDIN:-switchboard-standin/postgres:bookworm}"
REDIS_STANDIN="${REDIS_STANDIN:-switchboard-standin/redis:bookworm}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
have() { docker image inspect "$1" >/dev/null 2>&1; }

if ! have debian:bookworm-slim; then
  require_command debootstrap debootstrap "building the debian:bookworm-slim stand-in"
  rootfs="$work/rootfs"
  echo "[standins] debootstrap bookworm from $mirror"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" "$mirror" >/dev/null
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import - debian:bookworm-slim >/dev/null
  rm -rf "$rootfs"
fi

if ! have node:24-bookworm-slim; then
  # The stand-in copies the host's Node 24 and npm.
  require_node24 "building the node:24-bookworm-slim stand-in"
  require_command npm npm "building the node:24-bookworm-slim stand-in"
  node_bin="$(command -v node)"
  context="$work/node"
  mkdir "$context"
  cp "$node_bin" "$context/node"
  cp -r "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$context/npm"
  # This machine reaches the npm registry through a TLS-intercepting egress proxy; its CA bundle
  # goes into the stand-in so `npm ci` works in image builds here (the real base image needs none).
  cp /etc/ssl/certs/ca-certificates.crt "$context/ca-certificates.crt"
  cat >"$context/Dockerfile" <<'DOCKERFILE'
FROM debian:bookworm-slim
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && groupadd -g 1000 node && useradd -u 1000 -g node -m node
CMD ["node"]
DOCKERFILE
  docker build -q -t node:24-bookworm-slim "$context" >/dev/null
fi

if ! have "$POSTGRES_STANDIN"; then
  echo "[standins] building $POSTGRES_STANDIN (Debian's PostgreSQL)"
  context="$work/postgres"
  mkdir "$context"
  # The subset of the official image's entrypoint that compose relies on: first start initialises
  # PGDATA with POSTGRES_USER/POSTGRES_PASSWORD (scram over TCP, trust on the local socket) and
  # creates POSTGRES_DB; every start runs postgres as the postgres user.
  cat >"$context/entrypoint.sh" <<'ENTRYPOINT'
#!/bin/sh
set -eu
if [ "${1#-}" != "$1" ]; then set -- postgres "$@"; fi
if [ "$1" != postgres ]; then exec "$@"; fi
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
user="${POSTGRES_USER:-postgres}"
db="${POSTGRES_DB:-$user}"
mkdir -p "$PGDATA" /var/run/postgresql
chown postgres:postgres "$PGDATA" /var/run/postgresql
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  chown postgres "$pwfile"
  as_postgres initdb -D "$PGDATA" --username="$user" --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  if [ "$db" != postgres ]; then
    echo "CREATE DATABASE \"$db\" OWNER \"$user\";" | as_postgres postgres --single -D "$PGDATA" postgres >/dev/null
  fi
  echo "[postgres stand-in] initialised $PGDATA (user $user, database $db)"
fi
shift
exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$PGDATA" "$@"
ENTRYPOINT
  cat >"$context/Dockerfile" <<'DOCKERFILE'
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/lib/postgresql/*
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data
COPY entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
DOCKERFILE
  docker build -q -t "$POSTGRES_STANDIN" "$context" >/dev/null
fi

if ! have "$REDIS_STANDIN"; then
  echo "[standins] building $REDIS_STANDIN (Debian's redis-server)"
  context="$work/redis"
  mkdir "$context"
  # Like the official image: runs as the redis user in /data and, having no config file, turns off
  # protected mode so other containers on the compose network can connect.
  cat >"$context/entrypoint.sh" <<'ENTRYPOINT'
#!/bin/sh
set -eu
if [ "${1#-}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" != redis-server ]; then exec "$@"; fi
chown redis:redis /data
shift
exec setpriv --reuid=redis --regid=redis --init-groups redis-server --protected-mode no "$@"
ENTRYPOINT
  cat >"$context/Dockerfile" <<'DOCKERFILE'
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin \
 && mkdir /data && chown redis:redis /data
COPY entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh
VOLUME /data
WORKDIR /data
EXPOSE 6379
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]
DOCKERFILE
  docker build -q -t "$REDIS_STANDIN" "$context" >/dev/null
fi
echo "[standins] available: debian:bookworm-slim, node:24-bookworm-slim, $POSTGRES_STANDIN, $REDIS_STANDIN"
