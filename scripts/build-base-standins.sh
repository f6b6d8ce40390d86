#!/usr/bin/env bash
# There is no image registry on the build machines, so this makes local stand-ins for the base
# images the Dockerfile and compose file name: a Debian bookworm rootfs (debootstrap, from the apt
# mirror) imported as debian:bookworm-slim, and node:24-bookworm-slim = that + Node 24 + npm.
# Users on the internet never need this: docker pulls the real images.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mirror="${DEBIAN_MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || echo http://deb.debian.org/debian)}"

if ! docker image inspect debian:bookworm-slim >/dev/null 2>&1; then
  rootfs="$(mktemp -d)"
  trap 'rm -rf "$rootfs"' EXIT
  echo "[standins] debootstrap bookworm from $mirror"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" "$mirror" >/dev/null
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import - debian:bookworm-slim >/dev/null
fi

if ! docker image inspect node:24-bookworm-slim >/dev/null 2>&1; then
  node_bin="$(command -v node)"
  [[ "$("$node_bin" --version)" == v24.* ]] || { echo "[standins] put Node 24 first on PATH" >&2; exit 1; }
  context="$(mktemp -d)"
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
  rm -rf "$context"
fi
echo "[standins] debian:bookworm-slim and node:24-bookworm-slim are available"
