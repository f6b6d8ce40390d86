import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PrismaClient } from "@switchboard/db";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "pino";
import type { GatewayPrincipal } from "../auth/authenticate.ts";
import type { ForwardToolCall } from "../tools/forward-tool-call.ts";
import { UpstreamLogging } from "./log-level.ts";
import { ResourceSubscriptions } from "./resource-subscriptions.ts";
import type { SessionNotifications } from "./session-notifications.ts";
import { SessionRoutes } from "./session-routes.ts";
import { createSessionServer } from "./session-server.ts";
import { SessionUpstreams } from "./session-upstreams.ts";
import { ToolCallFastPath } from "../tools/tool-call-fast-path.ts";
import type { UpstreamPool } from "../upstreams/upstream-pool.ts";
import { findVisibleInstallations } from "../tools/visible-installations.ts";

export interface McpSessionOptions {
  prisma: PrismaClient;
  pool: UpstreamPool;
  forwardToolCall: ForwardToolCall;
  logger: Logger;
  callTimeoutMs: number;
  maxSessionsPerToken: number;
  sessionIdleMs: number;
  /** How often the process checks whether any tool list changed (and drops sessions' cached routes). */
  listChangedPollMs: number;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  tokenId: string;
  lastSeenAt: number;
  routes: SessionRoutes;
  fastPath: ToolCallFastPath;
  notifications: SessionNotifications;
  /** Tells the client its tools, prompts and resources changed (they all follow the visible installations). */
  notifyListsChanged(): void;
}

export class SessionLimitError extends Error {}
export class UnknownSessionError extends Error {}

/** Streamable HTTP sessions of the gateway, each bound to the token that opened it. */
export class McpSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly sweep: NodeJS.Timeout;
  private readonly watch: NodeJS.Timeout;
  private globalVersion: string | undefined;
  private watching = false;
  /** Sessions per token whose initialize is still being handled (not yet in `sessions`). */
  private readonly opening = new Map<string, number>();
  private readonly subscriptions: ResourceSubscriptions;
  private readonly upstreamLogging = new UpstreamLogging();

  constructor(private readonly options: McpSessionOptions) {
    const { pool } = options;
    this.subscriptions = new ResourceSubscriptions(pool);
    pool.onNotification = (installationId, notification) => {
      if (notification.method === "notifications/resources/updated") {
        this.subscriptions.dispatch(installationId, notification.params.uri);
      } else for (const session of this.sessions.values()) session.notifications.deliver(installationId, notification);
    };
    pool.onConnected = (installationId, connection) => {
      void this.subscriptions.restore(installationId, connection);
      void this.upstreamLogging.restore(installationId, connection).catch(() => undefined);
    };
    this.sweep = setInterval(() => this.closeIdle(), Math.min(options.sessionIdleMs, 60_000));
    this.sweep.unref();
    // One cheap query per interval for the whole process; sessions re-check only when it changes.
    this.watch = setInterval(() => void this.checkForChanges(), options.listChangedPollMs);
    this.watch.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  async handle(
    request: IncomingMessage,
    response: ServerResponse,
    principal: GatewayPrincipal,
    body: unknown,
  ): Promise<void> {
    const sessionId = request.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = this.sessions.get(sessionId);
      // A session is only ever usable with the token that opened it.
      if (!session || session.tokenId !== principal.tokenId) throw new UnknownSessionError();
      session.lastSeenAt = Date.now();
      if (session.routes.updatePrincipal(principal)) session.notifyListsChanged();
      return (
        session.fastPath.tryHandle(request, response, body) ?? session.transport.handleRequest(request, response, body)
      );
    }
    if (request.method !== "POST" || !isInitializeRequest(body)) throw new UnknownSessionError();
    // Sessions being opened count against the cap from the start, so concurrent initializes cannot
    // all pass the check before any of them is registered.
    if (this.countFor(principal.tokenId) >= this.options.maxSessionsPerToken) throw new SessionLimitError();
    const release = this.reserveSession(principal.tokenId);
    try {
      const transport = await this.open(principal, release);
      return await transport.handleRequest(request, response, body);
    } finally {
      release();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweep);
    clearInterval(this.watch);
    await Promise.allSettled([...this.sessions.values()].map((session) => session.transport.close()));
  }

  /** Counts a session being opened until it is registered or fails; the returned release is idempotent. */
  private reserveSession(tokenId: string): () => void {
    this.opening.set(tokenId, (this.opening.get(tokenId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.opening.get(tokenId) ?? 1) - 1;
      if (left === 0) this.opening.delete(tokenId);
      else this.opening.set(tokenId, left);
    };
  }

  private async open(principal: GatewayPrincipal, registered: () => void): Promise<StreamableHTTPServerTransport> {
    const { prisma, pool, forwardToolCall, callTimeoutMs } = this.options;
    const routes = new SessionRoutes(principal, (current) => findVisibleInstallations(prisma, current));
    const upstreams = new SessionUpstreams(pool, routes, Math.min(callTimeoutMs, 5_000), callTimeoutMs);
    const { server, notifications } = createSessionServer({
      upstreams,
      forwardToolCall,
      subscriptions: this.subscriptions,
      logging: this.upstreamLogging,
    });
    let fastPath: ToolCallFastPath | undefined;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        // The snapshot the change watcher compares against.
        routes.current().catch(() => undefined);
        fastPath = new ToolCallFastPath(id, routes, forwardToolCall);
        registered();
        this.sessions.set(id, {
          transport,
          tokenId: principal.tokenId,
          lastSeenAt: Date.now(),
          routes,
          fastPath,
          notifications,
          notifyListsChanged: () =>
            void Promise.all([
              server.sendToolListChanged(),
              server.sendPromptListChanged(),
              server.sendResourceListChanged(),
            ]).catch(() => undefined),
        });
      },
    });
    transport.onclose = () => {
      fastPath?.abortAll();
      this.subscriptions.release(notifications);
      if (transport.sessionId) this.sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    return transport;
  }

  private countFor(tokenId: string): number {
    let count = this.opening.get(tokenId) ?? 0;
    for (const session of this.sessions.values()) if (session.tokenId === tokenId) count += 1;
    return count;
  }

  private async checkForChanges(): Promise<void> {
    if (this.watching || this.sessions.size === 0) return;
    this.watching = true;
    try {
      const version = await readGlobalVersion(this.options.prisma);
      // The first read has nothing to compare with, but sessions opened before it may hold routes
      // older than it: treat it as a change (a refresh that finds nothing new notifies nobody).
      const changed = version !== this.globalVersion;
      this.globalVersion = version;
      if (!changed) return;
      for (const session of this.sessions.values()) if (await session.routes.refresh()) session.notifyListsChanged();
    } catch (error) {
      this.options.logger.warn({ err: error }, "could not check for tool list changes");
    } finally {
      this.watching = false;
    }
  }

  private closeIdle(): void {
    const cutoff = Date.now() - this.options.sessionIdleMs;
    for (const session of this.sessions.values()) if (session.lastSeenAt < cutoff) void session.transport.close();
  }
}

/**
 * A cheap summary of everything that can change what any session sees. Memberships and token
 * profiles are summarized by a checksum of their rows, not a count, so removing one row and adding
 * another within one interval still registers as a change.
 */
async function readGlobalVersion(prisma: PrismaClient): Promise<string> {
  const [row] = await prisma.$queryRaw<{ version: string }[]>`
    SELECT concat_ws('/',
      (SELECT max("updatedAt") FROM "Installation"), (SELECT count(*) FROM "Installation"),
      (SELECT count(*) || ':' || coalesce(sum(hashtext("teamId"::text || "userId"::text)), 0) FROM "Membership"),
      (SELECT count(*) || ':' || coalesce(sum(hashtext("gatewayTokenId"::text || "installationId"::text)), 0)
         FROM "GatewayTokenInstallation")) AS version`;
  return row?.version ?? "";
}
