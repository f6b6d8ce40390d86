import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PrismaClient } from "@switchboard/db";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import {
  isInitializeRequest,
  isJSONRPCErrorResponse,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
} from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "pino";
import type { GatewayPrincipal } from "../auth/authenticate.ts";
import type { ForwardToolCall } from "../tools/forward-tool-call.ts";
import { canGiveInput } from "./client-input.ts";
import { limitWarnings } from "./limit-warnings.ts";
import { UpstreamLogging } from "./log-level.ts";
import { ResourceSubscriptions } from "./resource-subscriptions.ts";
import type { SessionNotifications } from "./session-notifications.ts";
import { SessionRoutes } from "./session-routes.ts";
import { tagQuestionIds } from "./question-ids.ts";
import { createSessionServer, type SessionState } from "./session-server.ts";
import type { SessionOpening, SharedSessions } from "./shared-sessions.ts";
import { sendWebResponse, toWebRequest } from "../http/web-exchange.ts";
import { SessionUpstreams } from "./session-upstreams.ts";
import { ToolCallFastPath, type SessionPath } from "../tools/tool-call-fast-path.ts";
import type { TaskRelayOptions } from "../tasks/relay-task-request.ts";
import type { UpstreamPool } from "../upstreams/upstream-pool.ts";
import { composeInstructions } from "../tools/connector-instructions.ts";
import { findVisibleConnectors, readVisibilityVersion } from "../tools/visible-connectors.ts";

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
  /** Sessions shared with the other gateway instances (Redis); without it, each session lives on its instance. */
  shared?: SharedSessions | undefined;
  /** How the upstreams' tasks are relayed to session clients (session-task-relay.ts). */
  tasks: TaskRelayOptions;
}

interface Session {
  transport: WebStandardStreamableHTTPServerTransport;
  tokenId: string;
  /** The connector whose own endpoint opened the session; none for the aggregate endpoint. */
  connector: string | undefined;
  lastSeenAt: number;
  /** When this instance last renewed the shared record's expiry. */
  touchedAt: number;
  routes: SessionRoutes;
  fastPath: ToolCallFastPath;
  notifications: SessionNotifications;
  /** Tells the client its tools, prompts and resources changed (they all follow the visible connectors). */
  notifyListsChanged(): void;
  /** Takes over the log level and subscriptions the client set through another instance. */
  restore(state: SessionState): Promise<void>;
}

export class SessionLimitError extends Error {}
export class UnknownSessionError extends Error {}

/**
 * Streamable HTTP sessions of the gateway, each bound to the token that opened it. With `shared`,
 * any instance serves any session: a session this instance has not seen yet is read from Redis
 * once and rebuilt here (adopted), then served from memory like its own.
 */
export class McpSessions {
  private readonly sessions = new Map<string, Session>();
  /** Sessions being adopted, so concurrent first requests rebuild one session, not several. */
  private readonly adopting = new Map<string, Promise<Session>>();
  private readonly sweep: NodeJS.Timeout;
  private readonly watch: NodeJS.Timeout;
  private globalVersion: string | undefined;
  private watching = false;
  /** Sessions per token whose initialize is still being handled (not yet in `sessions`). */
  private readonly opening = new Map<string, number>();
  private readonly subscriptions: ResourceSubscriptions;
  private readonly upstreamLogging = new UpstreamLogging();
  /** Named in the ids of this instance's questions to clients (question-ids.ts). */
  private readonly instanceId: string;
  /** Warnings a client causes per answer it sends through another instance. */
  private readonly warnAboutAnswer: ReturnType<typeof limitWarnings>;

  constructor(private readonly options: McpSessionOptions) {
    const { pool } = options;
    this.warnAboutAnswer = limitWarnings(options.logger);
    this.instanceId = options.shared?.instanceId ?? randomUUID();
    this.subscriptions = new ResourceSubscriptions(pool);
    pool.onNotification = (connectorId, notification) => {
      if (notification.method === "notifications/resources/updated") {
        this.subscriptions.dispatch(connectorId, notification.params.uri);
      } else for (const session of this.sessions.values()) session.notifications.deliver(connectorId, notification);
    };
    pool.onConnected = (connectorId, connection) => {
      void this.subscriptions.restore(connectorId, connection);
      void this.upstreamLogging.restore(connectorId, connection).catch(() => undefined);
    };
    this.sweep = setInterval(() => this.closeIdle(), Math.min(options.sessionIdleMs, 60_000));
    this.sweep.unref();
    // One cheap query per interval for the whole process; sessions re-check only when it changes.
    this.watch = setInterval(() => void this.checkForChanges(), options.listChangedPollMs);
    this.watch.unref();
    options.shared
      ?.listen(
        (kind, id) => this.followSharedEvent(kind, id),
        (id, answer) => void this.takeForwardedAnswer(id, answer),
      )
      .catch((error: unknown) => options.logger.warn({ err: error }, "shared MCP sessions: cannot listen for changes"));
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
      const session = this.sessions.get(sessionId) ?? (await this.adopt(sessionId, principal));
      // A session is only ever usable with the token that opened it, on the endpoint it was opened on.
      if (session.tokenId !== principal.tokenId || session.connector !== principal.connectorEndpoint)
        throw new UnknownSessionError();
      const now = Date.now();
      session.lastSeenAt = now;
      if (this.options.shared && now - session.touchedAt > this.options.sessionIdleMs / 10) {
        session.touchedAt = now;
        this.options.shared.touch(sessionId, session.tokenId);
      }
      // The client's answers to questions other instances asked go there; the spec's 202 for them.
      if (this.options.shared && isAnswer(body)) {
        const answers = Array.isArray(body) ? body : [body];
        const here = await this.options.shared.forwardAnswers(sessionId, answers);
        if (here.length === 0) return void response.writeHead(202).end();
        if (here.length < answers.length) body = here;
      }
      if (session.routes.updatePrincipal(principal)) session.notifyListsChanged();
      return session.fastPath.tryHandle(request, response, body) ?? serve(session.transport, request, response, body);
    }
    if (request.method !== "POST" || !isInitializeRequest(body)) throw new UnknownSessionError();
    const { shared, maxSessionsPerToken } = this.options;
    const newId = randomUUID();
    // With shared sessions every instance's sessions count (one Redis script, atomic); without, or
    // if Redis cannot tell, this instance's. Sessions being opened count from the start, so
    // concurrent initializes cannot all pass the check before any of them is registered.
    const claimed = await shared?.claimSlot(principal.tokenId, newId, maxSessionsPerToken);
    if (claimed === false) throw new SessionLimitError();
    if (claimed === undefined && this.countFor(principal.tokenId) >= maxSessionsPerToken) throw new SessionLimitError();
    const release = this.reserveSession(principal.tokenId);
    try {
      const transport = await this.open(principal, body.params as SessionOpening, { registered: release, newId });
      return await serve(transport, request, response, body);
    } finally {
      release();
      if (claimed && !this.sessions.has(newId)) shared?.releaseSlot(principal.tokenId, newId);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweep);
    clearInterval(this.watch);
    // Only this instance's copies: shared sessions stay in Redis for the other instances.
    await Promise.allSettled([...this.sessions.values()].map((session) => session.transport.close()));
    await this.options.shared?.close();
  }

  /** Rebuilds a session another instance opened (one Redis read); unknown, ended or another token's: not found. */
  private adopt(id: string, principal: GatewayPrincipal): Promise<Session> {
    const { shared } = this.options;
    if (!shared) return Promise.reject(new UnknownSessionError());
    // Per token: a request naming the session with another token must not fail the owner's.
    const key = `${id}|${principal.tokenId}|${principal.connectorEndpoint ?? ""}`;
    let adopting = this.adopting.get(key);
    if (!adopting) {
      adopting = (async () => {
        const record = await shared.find(id);
        if (!record || record.tokenId !== principal.tokenId || record.connector !== principal.connectorEndpoint)
          throw new UnknownSessionError();
        await this.open(principal, record.opening, { adoptedId: id });
        const session = this.sessions.get(id);
        if (!session) throw new Error("an adopted MCP session did not initialize");
        void session.restore(record);
        return session;
      })().finally(() => this.adopting.delete(key));
      this.adopting.set(key, adopting);
    }
    return adopting;
  }

  /** A client's answer to this instance's question that another instance received: handled as if posted here. */
  private async takeForwardedAnswer(id: string, answer: unknown): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return this.warnAboutAnswer({ sessionId: id }, "a forwarded answer names no session held here");
    const reply = await session.transport.handleRequest(
      new Request("http://gateway.invalid/mcp", {
        method: "POST",
        headers: {
          accept: "application/json, text/event-stream",
          "content-type": "application/json",
          "mcp-session-id": id,
        },
      }),
      { parsedBody: answer },
    );
    if (reply.status !== 202)
      this.warnAboutAnswer({ sessionId: id, status: reply.status }, "a forwarded answer was refused");
  }

  /** Another instance changed or ended a session this one holds. */
  private followSharedEvent(kind: "changed" | "ended", id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    if (kind === "ended") return void session.transport.close();
    void this.options.shared
      ?.find(id)
      .then((record) => (record ? session.restore(record) : session.transport.close()))
      .catch((error: unknown) => this.options.logger.warn({ err: error }, "could not follow a shared MCP session"));
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

  /**
   * A session's server and transport. A new session registers when its initialize is handled; an
   * adopted one keeps its id and is initialized here by replaying the client's initialize (so the
   * server knows the client's version and capabilities, through the SDK's own path).
   */
  private async open(
    principal: GatewayPrincipal,
    opening: SessionOpening,
    { registered = () => undefined, adoptedId, newId }: { registered?: () => void; adoptedId?: string; newId?: string },
  ): Promise<WebStandardStreamableHTTPServerTransport> {
    const { prisma, pool, forwardToolCall, callTimeoutMs, shared, tasks } = this.options;
    const routes = new SessionRoutes(principal, (current) => findVisibleConnectors(prisma, current));
    const upstreams = new SessionUpstreams(pool, routes, Math.min(callTimeoutMs, 5_000), callTimeoutMs);
    // Read now for the initialize answer (the snapshot the change watcher compares against, too).
    // The protocol has no way to change instructions later: they are the opening's. A failed read
    // opens the session without them, as before; its next request reads again.
    const instructions = await routes.current().then(composeInstructions, () => undefined);
    const { server, notifications, restore } = createSessionServer({
      upstreams,
      forwardToolCall,
      tasks,
      subscriptions: this.subscriptions,
      logging: this.upstreamLogging,
      instructions,
      ...(shared && {
        record: {
          logLevel: (level) => shared.setLogLevel(transport.sessionId!, level),
          subscription: (uri, subscribed) => shared.setSubscribed(transport.sessionId!, uri, subscribed),
        },
      }),
    });
    let fastPath: ToolCallFastPath | undefined;
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => adoptedId ?? newId ?? randomUUID(),
      onsessioninitialized: async (id) => {
        // Shared before the client learns the id, so its next request may land on any instance.
        if (!adoptedId)
          await shared?.create(id, { tokenId: principal.tokenId, connector: principal.connectorEndpoint, opening });
        // A client that can be asked for input goes to the SDK session when a connector may ask it.
        const askingPath: SessionPath | undefined = canGiveInput(opening.capabilities)
          ? (request, response, body) => serve(transport, request, response, body)
          : undefined;
        fastPath = new ToolCallFastPath(id, routes, forwardToolCall, askingPath);
        registered();
        const now = Date.now();
        this.sessions.set(id, {
          transport,
          tokenId: principal.tokenId,
          connector: principal.connectorEndpoint,
          lastSeenAt: now,
          touchedAt: now,
          routes,
          fastPath,
          notifications,
          notifyListsChanged: () =>
            void Promise.all([
              server.sendToolListChanged(),
              server.sendPromptListChanged(),
              server.sendResourceListChanged(),
            ]).catch(() => undefined),
          restore,
        });
      },
      // A DELETE from the client: the session ends everywhere.
      onsessionclosed: (id) => shared?.end(id, principal.tokenId),
    });
    transport.onclose = () => {
      fastPath?.abortAll();
      this.subscriptions.release(notifications);
      if (transport.sessionId) this.sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    tagQuestionIds(transport, this.instanceId);
    if (adoptedId) await replayInitialize(transport, opening);
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
      const version = await readVisibilityVersion(this.options.prisma);
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

/** Whether a POST carries only JSON-RPC responses: a client's answers to the server's requests. */
function isAnswer(body: unknown): body is JSONRPCMessage | JSONRPCMessage[] {
  const messages = Array.isArray(body) ? body : [body];
  return (
    messages.length > 0 &&
    messages.every((message) => isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message))
  );
}

/** Serves one request of a session through the SDK transport. */
async function serve(
  transport: WebStandardStreamableHTTPServerTransport,
  request: IncomingMessage,
  response: ServerResponse,
  body: unknown,
): Promise<void> {
  const reply = await transport.handleRequest(toWebRequest(request, response), { parsedBody: body });
  await sendWebResponse(response, reply);
}

/** Initializes an adopted session's transport and server with the client's original initialize; the answer is dropped. */
async function replayInitialize(
  transport: WebStandardStreamableHTTPServerTransport,
  opening: SessionOpening,
): Promise<void> {
  const reply = await transport.handleRequest(
    new Request("http://gateway.invalid/mcp", {
      method: "POST",
      headers: { accept: "application/json, text/event-stream", "content-type": "application/json" },
    }),
    { parsedBody: { jsonrpc: "2.0", id: 0, method: "initialize", params: opening } },
  );
  // The event stream ends once the answer is written; reading it to the end lets the server finish.
  await reply.text();
  if (!reply.ok) throw new Error(`replaying an MCP session's initialize failed with HTTP ${reply.status}`);
}
