import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PrismaClient } from "@switchboard/db";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "pino";
import type { GatewayPrincipal } from "./authenticate.ts";
import type { UsageRecorder } from "./record-usage.ts";
import { createSessionServer } from "./session-server.ts";
import type { UpstreamPool } from "./upstream-pool.ts";
import { findVisibleInstallations } from "./visible-installations.ts";

export interface McpSessionOptions {
  prisma: PrismaClient;
  pool: UpstreamPool;
  usage: UsageRecorder;
  logger: Logger;
  callTimeoutMs: number;
  maxSessionsPerToken: number;
  sessionIdleMs: number;
  /** How often a session checks whether its tool list changed. */
  listChangedPollMs: number;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  principal: GatewayPrincipal;
  lastSeenAt: number;
  /** What the session's tool list was built from, to notice changes. */
  fingerprint: Promise<string>;
  notifyToolListChanged(): void;
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

  constructor(private readonly options: McpSessionOptions) {
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
      if (!session || session.principal.tokenId !== principal.tokenId) throw new UnknownSessionError();
      session.lastSeenAt = Date.now();
      return session.transport.handleRequest(request, response, body);
    }
    if (request.method !== "POST" || !isInitializeRequest(body)) throw new UnknownSessionError();
    if (this.countFor(principal.tokenId) >= this.options.maxSessionsPerToken) throw new SessionLimitError();
    const transport = await this.open(principal);
    return transport.handleRequest(request, response, body);
  }

  async close(): Promise<void> {
    clearInterval(this.sweep);
    clearInterval(this.watch);
    await Promise.allSettled([...this.sessions.values()].map((session) => session.transport.close()));
  }

  private async open(principal: GatewayPrincipal): Promise<StreamableHTTPServerTransport> {
    const { prisma, pool, usage, logger, callTimeoutMs } = this.options;
    const server = createSessionServer({ prisma, pool, usage, logger, principal, callTimeoutMs });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        this.sessions.set(id, {
          transport,
          principal,
          lastSeenAt: Date.now(),
          fingerprint: fingerprint(prisma, principal),
          notifyToolListChanged: () => void server.sendToolListChanged().catch(() => undefined),
        });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) this.sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    return transport;
  }

  private countFor(tokenId: string): number {
    let count = 0;
    for (const session of this.sessions.values()) if (session.principal.tokenId === tokenId) count += 1;
    return count;
  }

  private async checkForChanges(): Promise<void> {
    if (this.watching || this.sessions.size === 0) return;
    this.watching = true;
    try {
      const version = await readGlobalVersion(this.options.prisma);
      const changed = this.globalVersion !== undefined && version !== this.globalVersion;
      this.globalVersion = version;
      if (!changed) return;
      for (const session of this.sessions.values()) {
        const next = fingerprint(this.options.prisma, session.principal);
        const [before, after] = await Promise.all([session.fingerprint, next]);
        session.fingerprint = next;
        if (before !== after) session.notifyToolListChanged();
      }
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

/** What a session's tool list is built from; empty when it cannot be read (the next change re-reads it). */
async function fingerprint(prisma: PrismaClient, principal: GatewayPrincipal): Promise<string> {
  try {
    const installations = await findVisibleInstallations(prisma, principal);
    return installations.map((installation) => `${installation.id}@${installation.updatedAt.getTime()}`).join(",");
  } catch {
    return "";
  }
}

/** A cheap summary of everything that can change what any session sees. */
async function readGlobalVersion(prisma: PrismaClient): Promise<string> {
  const [row] = await prisma.$queryRaw<{ version: string }[]>`
    SELECT concat_ws('/', (SELECT max("updatedAt") FROM "Installation"), (SELECT count(*) FROM "Installation"),
                          (SELECT count(*) FROM "Membership"), (SELECT count(*) FROM "GatewayTokenInstallation")) AS version`;
  return row?.version ?? "";
}
