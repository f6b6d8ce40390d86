import type { NextConfig } from "next";

const config: NextConfig = {
  output: "standalone",
  outputFileTracingRoot: new URL("../../", import.meta.url).pathname,
  transpilePackages: [
    "@switchboard/db",
    "@switchboard/catalog",
    "@switchboard/oauth",
    "@switchboard/jobs",
    "@switchboard/observability",
  ],
  serverExternalPackages: ["@node-rs/argon2", "pino", "bullmq", "ioredis", "pg", "prom-client"],
  poweredByHeader: false,
  // `npm run typecheck` checks every workspace once; repeating it inside `next build` only slows builds.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
};

export default config;
