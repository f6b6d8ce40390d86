# One multi-stage build for the three apps and the one-shot migrator:
#   docker build --target web|runner|gateway|migrate -t switchboard-<target> .
# NODE_IMAGE is the base for every stage (override it to use a mirror or a pinned digest).
# Build with BuildKit (the default of current Docker and of `docker compose`): it builds only the
# stages a target needs.
ARG NODE_IMAGE=node:24-bookworm-slim

# The workspaces' package.json files and the lockfile, nothing else: `npm ci` below reruns only
# when dependencies change, and a new workspace needs no edit here.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests && cp --parents package.json package-lock.json apps/*/package.json packages/*/package.json /manifests/

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN npm ci --no-audit --no-fund

FROM deps AS source
COPY . .
RUN npm run db:generate

FROM source AS web-build
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build -w @switchboard/web

FROM ${NODE_IMAGE} AS web
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=web-build /app/apps/web/.next/standalone ./
COPY --from=web-build /app/apps/web/.next/static ./apps/web/.next/static
USER 65532:65532
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/web/server.js"]

# Runner, gateway and migrator run their TypeScript through tsx, which strips types at load time.
# Their images hold only what they run: the production dependencies of the runner and gateway
# workspaces (no Next.js, no dev tooling), or for the migrator the db workspace's with its schema
# engine, and tsx at the lockfile's version, installed on its own.
FROM ${NODE_IMAGE} AS node-service-base
ENV NODE_ENV=production NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN npm install --prefix /opt/tsx --no-save --no-audit \
      "tsx@$(node -p "require('./package-lock.json').packages['node_modules/tsx'].version")" \
 && ln -s /opt/tsx/node_modules/.bin/tsx /usr/local/bin/tsx \
 && npm cache clean --force

FROM node-service-base AS node-service
RUN npm ci --omit=dev --no-audit -w @switchboard/runner -w @switchboard/gateway && npm cache clean --force
COPY . .
COPY --from=source /app/packages/db/src/generated packages/db/src/generated
USER 65532:65532

# The runner installs the MCP network's firewall chains with iptables in the host's network
# namespace (compose runs it with network_mode: host and NET_ADMIN). Its entrypoint picks the
# iptables backend (nft or legacy) whose tables hold Docker's DOCKER-USER chain. (iptables comes
# first so that source changes do not repeat the download.)
FROM node-service-base AS runner
RUN apt-get update \
 && apt-get install -y --no-install-recommends iptables \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin \
 && printf '%s\n' \
    '#!/bin/sh' \
    'set -e' \
    'if [ "$(id -u)" = 0 ] && ! iptables-nft -S DOCKER-USER >/dev/null 2>&1 && iptables-legacy -S DOCKER-USER >/dev/null 2>&1; then' \
    '  for tool in iptables ip6tables; do update-alternatives --quiet --set "$tool" "/usr/sbin/$tool-legacy"; done' \
    'fi' \
    'exec "$@"' >/usr/local/bin/runner-entrypoint \
 && chmod 755 /usr/local/bin/runner-entrypoint
COPY --from=node-service /app /app
USER 65532:65532
# Probes the address the runner listens on (RUNNER_HTTP_HOST, which compose sets to a bridge address).
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD ["node", "-e", "const h = process.env.RUNNER_HTTP_HOST; const host = !h || h === '0.0.0.0' || h === '::' ? '127.0.0.1' : h; fetch(`http://${host.includes(':') ? `[${host}]` : host}:${process.env.RUNNER_HTTP_PORT || 3300}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["runner-entrypoint"]
CMD ["tsx", "apps/runner/src/main.ts"]

FROM node-service AS gateway
EXPOSE 3200
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD ["node", "-e", "fetch('http://127.0.0.1:3200/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["tsx", "apps/gateway/src/main.ts"]

FROM node-service-base AS migrate
RUN npm ci --include=dev --no-audit -w @switchboard/db && npm cache clean --force
COPY . .
COPY --from=source /app/packages/db/src/generated packages/db/src/generated
USER 65532:65532
CMD ["npm", "run", "db:migrate"]
