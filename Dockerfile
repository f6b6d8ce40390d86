# syntax=docker/dockerfile:1
# One multi-stage build for the three apps and the one-shot migrator:
#   docker build --target web|runner|gateway|migrate -t switchboard-<target> .
# NODE_IMAGE is the base for every stage (override it to use a mirror or a pinned digest).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/web/package.json apps/web/
COPY apps/runner/package.json apps/runner/
COPY apps/gateway/package.json apps/gateway/
COPY packages/db/package.json packages/db/
COPY packages/oauth/package.json packages/oauth/
COPY packages/catalog/package.json packages/catalog/
COPY packages/jobs/package.json packages/jobs/
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
FROM source AS node-service
ENV NODE_ENV=production
USER 65532:65532

FROM node-service AS runner
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD ["node", "-e", "fetch('http://127.0.0.1:3300/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node_modules/.bin/tsx", "apps/runner/src/main.ts"]

FROM node-service AS gateway
EXPOSE 3200
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD ["node", "-e", "fetch('http://127.0.0.1:3200/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node_modules/.bin/tsx", "apps/gateway/src/main.ts"]

FROM node-service AS migrate
CMD ["npm", "run", "db:migrate"]
