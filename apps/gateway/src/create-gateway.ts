import type { PrismaClient } from "@switchboard/db";
import { runnerUrlOr } from "@switchboard/jobs/runner-heartbeat";
import type { FailedAttemptGuard } from "@switchboard/rate-limit";
import type { Redis } from "ioredis";
import type { SecretBox } from "@switchboard/db/crypto";
import pg from "pg";
import { CredentialRefreshError, refreshCredential } from "@switchboard/credential-refresh";
import { createGatewayMetrics, createMetricsRegistry, createRefreshMetrics } from "@switchboard/observability";
import {
  createGuardedFetch,
  createGuardedRemoteHttp,
  normalizeIssuer,
  normalizeResource,
  type GuardedStreamingFetchPolicy,
} from "@switchboard/oauth";
import type { Logger } from "pino";
import { Agent } from "undici";
import { createAuthenticator } from "./auth/authenticate.ts";
import { createCredentialVersionCheck } from "./upstreams/check-credential-version.ts";
import { CREDENTIAL_VERSION_CHANNEL, GATEWAY_AUTH_CHANNEL, listenForChanges } from "./listen-for-changes.ts";
import { TokenUseRecorder } from "./auth/record-token-use.ts";
import { createTokenCheckCache } from "./auth/token-check-cache.ts";
import { createOAuthAuthenticator, routeBearerTokens } from "./auth/oauth-access-tokens.ts";
import { createToolCallForwarder } from "./tools/forward-tool-call.ts";
import { McpSessions } from "./sessions/mcp-sessions.ts";
import { SharedSessions } from "./sessions/shared-sessions.ts";
import { createRequestStateSeal } from "./stateless/request-state-seal.ts";
import { createStatelessRequests } from "./stateless/stateless-requests.ts";
import { createTaskIds } from "./tasks/task-ids.ts";
import { UsageRecorder } from "./tools/record-usage.ts";
import { resolveUpstreamTarget } from "./upstreams/resolve-upstream-target.ts";
import { createGatewayServer } from "./http/server.ts";
import { createConnectorEndpoints } from "./http/connector-endpoints.ts";
import { StatelessRoutes } from "./stateless/stateless-routes.ts";
import { createPooledPost } from "@switchboard/mcp-bridge";
import { createRecordedToolsRefresh } from "./upstreams/refresh-recorded-tools.ts";
import { UpstreamPool, type UpstreamCredential } from "./upstreams/upstream-pool.ts";

export interface GatewayOptions {
  prisma: PrismaClient;
  /** The same database as `prisma`; token checks and usage writes use a small `pg` pool of their own (the hot path). */
  databaseUrl: string;
  secretBox: SecretBox;
  logger: Logger;
  publicUrl: string;
  /** The runner's internal HTTP server when the connector's runner announces none (one runner). */
  runnerUrl: string;
  /**
   * Where the runners' heartbeats say they are (with several runners, each bridge is on its own
   * runner), and where MCP sessions are shared, so several gateway instances serve any session.
   */
  redis?: Redis;
  runnerInternalToken: string;
  callTimeoutMs?: number;
  maxSessionsPerToken?: number;
  listChangedPollMs?: number;
  /** The direct answers to plain 2026-07-28 tool calls and lists (default on); off only to compare them with the SDK's. */
  statelessFastPath?: boolean;
  /** Which remote MCP servers may be reached (https only and no private addresses unless allowed). */
  remotePolicy?: GuardedStreamingFetchPolicy;
  /** Browser origins besides the public URL's own that may call the endpoint. */
  allowedOrigins?: readonly string[];
  /**
   * How long a successful token check is reused without asking the database (revocations reach it
   * at once through LISTEN/NOTIFY; this bounds a lost notification). 0 checks every request.
   */
  tokenCacheTtlMs?: number;
  /** Bearer token for `GET /metrics`; without it the endpoint answers 404. */
  metricsToken?: string;
  /** Switchboard's authorization server (web's public URL); without it only gateway tokens are accepted. */
  oauthIssuer?: string;
  /** Limits wrong bearer tokens per client address (see @switchboard/rate-limit). */
  authFailureGuard?: FailedAttemptGuard;
  /** Reverse proxies in front of the gateway whose `X-Forwarded-For` entries name the client (default 0). */
  trustedProxyHops?: number;
}

/** Wires the gateway's parts; `close` ends sessions, upstream clients and pending usage writes. */
export function createGateway(options: GatewayOptions) {
  const { prisma, secretBox, logger } = options;
  const callTimeoutMs = options.callTimeoutMs ?? 60_000;
  const tokenEndpointFetch = createGuardedFetch(options.remotePolicy);
  const registry = createMetricsRegistry("gateway");
  const metrics = createGatewayMetrics(registry);
  const refreshes = createRefreshMetrics(registry);
  // Keep-alive connections to the runners' bridges, shared by every call.
  const runnerAgent = new Agent();
  const remoteHttp = createGuardedRemoteHttp(options.remotePolicy);
  const pool = new UpstreamPool(
    (connectorId) =>
      resolveUpstreamTarget(
        {
          prisma,
          secretBox,
          runnerUrl: (runnerId) => runnerUrlOr(options.redis, runnerId, options.runnerUrl),
          runnerInternalToken: options.runnerInternalToken,
          remote: remoteHttp,
        },
        connectorId,
      ),
    createPooledPost(runnerAgent),
    // No longer than a call may take: calls waiting on a stuck connect would all time out.
    Math.min(callTimeoutMs, 10_000),
  );
  const hotPathDb = new pg.Pool({ connectionString: options.databaseUrl, max: 4 });
  hotPathDb.on("error", (error) => logger.warn({ err: error }, "idle hot-path database connection failed"));
  const credentialVersions = createCredentialVersionCheck(hotPathDb, () => changes.live);
  pool.isCredentialCurrent = (credential) => credentialVersions.isCurrent(credential);
  const refreshRecordedTools = createRecordedToolsRefresh(pool, prisma, logger);
  pool.onToolListChanged = (connectorId) => void refreshRecordedTools(connectorId);
  const usage = new UsageRecorder(hotPathDb, logger, {
    onDropped: (count) => metrics.usageRecordsDropped.inc(count),
  });
  const refreshUpstreamCredential = async (credential: UpstreamCredential) => {
    try {
      const { refreshed } = await refreshCredential(prisma, secretBox, credential.id, {
        fetch: tokenEndpointFetch,
        rejectedAccessToken: credential.accessToken,
      });
      refreshes.inc({ outcome: refreshed ? "refreshed" : "fresh" });
    } catch (error) {
      refreshes.inc({ outcome: error instanceof CredentialRefreshError ? error.code : "error" });
      throw error;
    }
  };
  const forwardToolCall = createToolCallForwarder({
    pool,
    usage,
    toolCalls: metrics.toolCalls,
    logger,
    callTimeoutMs,
    refreshCredential: refreshUpstreamCredential,
  });
  const sessionIdleMs = 30 * 60_000;
  // One upstream task relay for both generations (tasks/*.ts).
  const tasks = {
    pool,
    taskIds: createTaskIds(secretBox),
    refreshCredential: refreshUpstreamCredential,
    timeoutMs: callTimeoutMs,
  };
  const sessions = new McpSessions({
    prisma,
    pool,
    logger,
    callTimeoutMs,
    maxSessionsPerToken: options.maxSessionsPerToken ?? 50,
    sessionIdleMs,
    shared: options.redis && new SharedSessions(options.redis, sessionIdleMs, logger, secretBox),
    listChangedPollMs: options.listChangedPollMs ?? 1_000,
    forwardToolCall,
    tasks,
  });
  const stateless = createStatelessRequests({
    prisma,
    pool,
    logger,
    callTimeoutMs,
    listChangedPollMs: options.listChangedPollMs ?? 1_000,
    forwardToolCall,
    requestStates: createRequestStateSeal(secretBox),
    tasks,
    fastPath: options.statelessFastPath ?? true,
  });
  const tokenUses = new TokenUseRecorder(hotPathDb, logger);
  const tokenCacheTtlMs = options.tokenCacheTtlMs ?? 10_000;
  const tokenChecks = createTokenCheckCache(createAuthenticator(hotPathDb), {
    ttlMs: tokenCacheTtlMs,
    maxEntries: 10_000,
    isLive: () => tokenCacheTtlMs > 0 && changes.live,
  });
  const changes = listenForChanges(
    options.databaseUrl,
    [GATEWAY_AUTH_CHANNEL, CREDENTIAL_VERSION_CHANNEL],
    (channel, payload) => {
      if (channel === CREDENTIAL_VERSION_CHANNEL) return credentialVersions.changed(payload ?? "");
      tokenChecks.invalidate();
      oauthChecks?.invalidate();
      if (channel === undefined) credentialVersions.reset();
    },
    logger,
  );
  const gatewayTokens = tokenUses.wrap(tokenChecks.authenticate);
  // OAuth access tokens: signature checked locally, consent checked like a gateway token (cached,
  // emptied by the same notifications: the oauth_consent_notify migration's triggers).
  // Normalized as web's provider normalizes them: `iss` and `aud` must match byte for byte.
  const oauthIssuer = options.oauthIssuer ? normalizeIssuer(options.oauthIssuer) : undefined;
  const oauthChecks = oauthIssuer
    ? createTokenCheckCache(
        createOAuthAuthenticator({
          pool: hotPathDb,
          issuer: oauthIssuer,
          audience: normalizeResource(options.publicUrl),
        }),
        { ttlMs: tokenCacheTtlMs, maxEntries: 10_000, isLive: () => tokenCacheTtlMs > 0 && changes.live },
      )
    : undefined;
  const consentUses = new TokenUseRecorder(hotPathDb, logger, { table: "OAuthConsent" });
  // What each token sees, kept between requests, to find the connector a `/mcp/<connector>` path names.
  const connectorPaths = new StatelessRoutes({
    prisma,
    logger,
    pollMs: options.listChangedPollMs ?? 1_000,
    maxEntries: 10_000,
  });
  const server = createGatewayServer({
    authenticate: oauthChecks
      ? routeBearerTokens(consentUses.wrap(oauthChecks.authenticate), gatewayTokens)
      : gatewayTokens,
    authorizationServers: oauthIssuer ? [oauthIssuer] : [],
    logger,
    publicUrl: options.publicUrl,
    sessions,
    stateless,
    allowedOrigins: [new URL(options.publicUrl).origin, ...(options.allowedOrigins ?? [])],
    metrics: { registry, requestDuration: metrics.requestDuration, token: options.metricsToken },
    authFailureGuard: options.authFailureGuard,
    trustedProxyHops: options.trustedProxyHops,
    narrowToConnector: createConnectorEndpoints((principal) => connectorPaths.routesFor(principal)),
  });
  return {
    server,
    usage,
    /** When tokens were last used: written in batches; tests flush it. */
    tokenUses,
    /** When OAuth-connected apps were last used (Connected apps shows it); tests flush it. */
    consentUses,
    async close() {
      server.close();
      await sessions.close();
      await stateless.close();
      connectorPaths.close();
      await pool.close();
      await runnerAgent.close();
      await usage.close();
      await changes.close();
      await tokenUses.close();
      await consentUses.close();
      await hotPathDb.end();
    },
  };
}
