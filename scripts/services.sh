#!/usr/bin/env bash
# Installs (when missing) and starts the services Switchboard needs on a Debian 12 machine:
# PostgreSQL 15, Redis 7, the Docker engine, Chromium and HAProxy. Idempotent: safe to run again.
set -euo pipefail

log() { printf '[services] %s\n' "$*"; }
need_apt=()
command -v pg_ctlcluster >/dev/null || need_apt+=(postgresql)
command -v redis-server >/dev/null || need_apt+=(redis-server)
command -v dockerd >/dev/null || need_apt+=(docker.io)
command -v docker-compose >/dev/null || need_apt+=(docker-compose)
command -v chromium >/dev/null || need_apt+=(chromium)
# The load balancer of the gateway scale-out test (apps/gateway/test/scale-out.integration.test.ts).
command -v haproxy >/dev/null || need_apt+=(haproxy)
if ((${#need_apt[@]})); then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "missing: ${need_apt[*]}. Install them (Debian, as root: apt-get install ${need_apt[*]}) or run this as root on Debian."
    exit 1
  fi
  log "installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if ! pg_lsclusters -h | grep -q online; then
  log "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect 15 main start
fi
su postgres -c "psql -tAc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null

if ! redis-cli -p 6379 ping >/dev/null 2>&1; then
  log "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --maxmemory-policy noeviction
fi

if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  mkdir -p /var/log
  nohup dockerd >/var/log/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { log "dockerd did not start; see /var/log/dockerd.log"; exit 1; }
fi
log "postgres, redis, docker and chromium are ready"
