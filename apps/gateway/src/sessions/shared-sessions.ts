import { randomUUID } from "node:crypto";
import type { LoggingLevel } from "@modelcontextprotocol/sdk/types.js";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { z } from "zod";
import { DependencyUnavailableError } from "../http/dependency-unavailable.ts";

/** What the client said when it opened the session, replayed when another instance takes it up. */
export interface SessionOpening {
  protocolVersion: string;
  capabilities: Record<string, unknown>;
  clientInfo: { name: string; version: string } & Record<string, unknown>;
}

/** Everything about a session that outlives the instance that opened it. */
export interface SharedSession {
  /** Only this token may use the session (the id, never the token itself). */
  tokenId: string;
  opening: SessionOpening;
  logLevel?: LoggingLevel;
  /** Gateway URIs the client subscribed to. */
  subscriptions: string[];
}

// What others wrote to Redis is read as untrusted: anything malformed is ignored, never thrown
// (a throw in the channel listener would end the process).
const sessionEventSchema = z.object({ kind: z.enum(["changed", "ended"]), id: z.string(), from: z.string() });
type SessionEvent = z.infer<typeof sessionEventSchema>;
const openingSchema = z.object({
  protocolVersion: z.string(),
  capabilities: z.record(z.string(), z.unknown()),
  clientInfo: z.looseObject({ name: z.string(), version: z.string() }),
});
const logLevelSchema = z.enum(["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"]);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const CHANNEL = "gateway:mcp-sessions";
const keyOf = (id: string) => `gateway:mcp-session:${id}`;
const SUBSCRIPTION = "sub:";

/**
 * MCP sessions in Redis, so any gateway instance can serve any session: one hash per session
 * (`tokenId`, `opening`, `logLevel`, one `sub:<uri>` field per subscription) that expires when the
 * session has been idle for the idle timeout, and one channel on which instances tell each other
 * that a session's state changed or that it ended. Instances read a session once, when they first
 * see it, and then serve it from memory: the hot path makes no Redis round trip.
 */
export class SharedSessions {
  /** Tells this instance's own events from other instances'. */
  private readonly instanceId = randomUUID();
  private listener: Redis | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly idleMs: number,
    private readonly logger: Logger,
  ) {}

  /** Records a new session; resolves false (and logs) if Redis cannot, leaving the session to this instance. */
  async create(id: string, session: Omit<SharedSession, "subscriptions">): Promise<boolean> {
    try {
      await this.redis
        .multi()
        .hset(keyOf(id), { tokenId: session.tokenId, opening: JSON.stringify(session.opening) })
        .pexpire(keyOf(id), this.idleMs)
        .exec();
      return true;
    } catch (error) {
      this.logger.warn({ err: error }, "could not share a new MCP session (Redis): it lives on this instance only");
      return false;
    }
  }

  /** The session, or undefined if no instance has it (never opened, ended, or idle too long). */
  async find(id: string): Promise<SharedSession | undefined> {
    let fields: Record<string, string>;
    try {
      fields = await this.redis.hgetall(keyOf(id));
    } catch (error) {
      throw new DependencyUnavailableError("Redis (shared MCP sessions) is unavailable", { cause: error });
    }
    if (!fields.tokenId || !fields.opening) return undefined;
    const opening = openingSchema.safeParse(parseJson(fields.opening));
    const logLevel = logLevelSchema.optional().safeParse(fields.logLevel);
    if (!opening.success || !logLevel.success) {
      this.logger.warn({ sessionId: id }, "a shared MCP session in Redis is malformed: treated as unknown");
      return undefined;
    }
    return {
      tokenId: fields.tokenId,
      opening: opening.data,
      ...(logLevel.data ? { logLevel: logLevel.data } : {}),
      subscriptions: Object.keys(fields)
        .filter((field) => field.startsWith(SUBSCRIPTION))
        .map((field) => field.slice(SUBSCRIPTION.length)),
    };
  }

  setLogLevel(id: string, level: LoggingLevel): Promise<void> {
    return this.change(id, (multi) => multi.hset(keyOf(id), "logLevel", level));
  }

  setSubscribed(id: string, gatewayUri: string, subscribed: boolean): Promise<void> {
    const field = `${SUBSCRIPTION}${gatewayUri}`;
    return this.change(id, (multi) => (subscribed ? multi.hset(keyOf(id), field, "1") : multi.hdel(keyOf(id), field)));
  }

  /** Keeps a session in use from expiring; not awaited by anyone (a lost touch costs nothing until the idle timeout). */
  touch(id: string): void {
    this.redis.pexpire(keyOf(id), this.idleMs).catch(() => undefined);
  }

  /** The client ended the session: no instance may serve it again (if Redis is away, it expires when idle). */
  async end(id: string): Promise<void> {
    try {
      await this.redis.multi().del(keyOf(id)).publish(CHANNEL, this.event("ended", id)).exec();
    } catch (error) {
      this.logger.warn({ err: error }, "could not end a shared MCP session (Redis): it expires when idle");
    }
  }

  /** Calls `onEvent` for other instances' changes and ends, on a connection of its own (Redis pub/sub needs one). */
  async listen(onEvent: (kind: SessionEvent["kind"], id: string) => void): Promise<void> {
    const listener = this.redis.duplicate();
    this.listener = listener;
    listener.on("error", (error) => this.logger.warn({ err: error }, "shared MCP sessions: Redis listener failed"));
    listener.on("message", (_channel: string, message: string) => {
      const event = sessionEventSchema.safeParse(parseJson(message));
      if (!event.success) return void this.logger.warn("ignored a malformed event on the shared MCP sessions channel");
      if (event.data.from !== this.instanceId) onEvent(event.data.kind, event.data.id);
    });
    await listener.subscribe(CHANNEL);
  }

  async close(): Promise<void> {
    await this.listener?.quit().catch(() => undefined);
  }

  /** Shares a change; if Redis is away the change stays with this instance (logged), and the request succeeds. */
  private async change(id: string, update: (multi: ReturnType<Redis["multi"]>) => unknown): Promise<void> {
    const multi = this.redis.multi();
    update(multi);
    try {
      await multi.pexpire(keyOf(id), this.idleMs).publish(CHANNEL, this.event("changed", id)).exec();
    } catch (error) {
      this.logger.warn({ err: error }, "could not share an MCP session's change (Redis): other instances miss it");
    }
  }

  private event(kind: SessionEvent["kind"], id: string): string {
    return JSON.stringify({ kind, id, from: this.instanceId } satisfies SessionEvent);
  }
}
