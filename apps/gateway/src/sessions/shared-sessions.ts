import { randomUUID } from "node:crypto";
import type { JSONRPCMessage, LoggingLevel, RequestId } from "@modelcontextprotocol/sdk/types.js";
import type { SecretBox } from "@switchboard/db/crypto";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { z } from "zod";
import { DependencyUnavailableError } from "../http/dependency-unavailable.ts";
import { openAnswer, sealAnswer } from "./answer-seal.ts";
import { limitWarnings } from "./limit-warnings.ts";
import { askerOf } from "./question-ids.ts";

/** What the client said when it opened the session, replayed when another instance takes it up. */
export interface SessionOpening {
  protocolVersion: string;
  capabilities: Record<string, unknown>;
  clientInfo: { name: string; version: string } & Record<string, unknown>;
}

/**
 * The most answers one POST may carry for other instances (counted once per id): a client answers
 * the questions it was asked, and no session has nearly this many waiting elsewhere. Each one
 * forwarded costs a seal and a Redis publish, so a POST of thousands would cost thousands of each.
 */
export const MAX_ANSWERS_PER_POST = 16;

/** A POST carried more answers than MAX_ANSWERS_PER_POST: refused whole, none dropped unseen. */
export class TooManyAnswersError extends Error {
  constructor(readonly count: number) {
    super(
      `Too many answers for other gateway instances in one request: at most ${MAX_ANSWERS_PER_POST} (this one has ${count}).`,
    );
  }
}

/** Everything about a session that outlives the instance that opened it. */
export interface SharedSession {
  /** Only this token may use the session (the id, never the token itself). */
  tokenId: string;
  /** The connector whose own endpoint serves the session (`/mcp/<connector>`); none for `/mcp`. */
  connector?: string | undefined;
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
const forwardedAnswerSchema = z.object({ sessionId: z.string(), questionId: z.string(), sealed: z.string() });
const logLevelSchema = z.enum(["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"]);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const keyOf = (id: string) => `gateway:mcp-session:${id}`;
/** The sessions a token holds, each scored with when it expires unless used. */
const slotsOf = (tokenId: string) => `gateway:mcp-token-sessions:${tokenId}`;
const SUBSCRIPTION = "sub:";

/** Takes a slot if the token holds fewer than the cap, after dropping the ones that expired. */
const CLAIM_SLOT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

/**
 * MCP sessions in Redis, so any gateway instance can serve any session: one hash per session
 * (`tokenId`, `opening`, `logLevel`, one `sub:<uri>` field per subscription) that expires when the
 * session has been idle for the idle timeout, and one channel on which instances tell each other
 * that a session's state changed or that it ended. Instances read a session once, when they first
 * see it, and then serve it from memory: the hot path makes no Redis round trip.
 * Per token, a sorted set of its sessions scored by expiry counts them against the cap across
 * instances (a crashed instance's sessions drop out when they would have expired). A client's
 * answer to the gateway's own question that lands on another instance than the one its id names
 * (question-ids.ts) is forwarded, sealed with the platform's encryption keys (answer-seal.ts), on
 * the asking instance's own channel.
 */
export class SharedSessions {
  /** Tells this instance's own events from other instances', and names it in its questions' ids. */
  readonly instanceId = randomUUID();
  /** Channels are global to the Redis server: named per database, like every key. */
  private readonly channel: string;
  private readonly answerChannel: (instanceId: string) => string;
  private listener: Redis | undefined;
  /** Warnings a client causes per answer it sends. */
  private readonly warnAboutAnswer: ReturnType<typeof limitWarnings>;

  constructor(
    private readonly redis: Redis,
    private readonly idleMs: number,
    private readonly logger: Logger,
    private readonly secretBox: SecretBox,
  ) {
    const db = redis.options.db ?? 0;
    this.channel = `gateway:mcp-sessions:${db}`;
    this.answerChannel = (instanceId) => `gateway:mcp-session-answers:${db}:${instanceId}`;
    this.warnAboutAnswer = limitWarnings(logger);
  }

  /**
   * Takes one of the token's `cap` session slots for a session about to open: false when all are
   * taken; undefined (logged) when Redis cannot tell, for the caller to count on its own.
   */
  async claimSlot(tokenId: string, id: string, cap: number): Promise<boolean | undefined> {
    const now = Date.now();
    try {
      const claimed = await this.redis.eval(CLAIM_SLOT, 1, slotsOf(tokenId), now, cap, now + this.idleMs, id, this.idleMs); // prettier-ignore
      return claimed === 1;
    } catch (error) {
      this.logger.warn({ err: error }, "could not count a token's sessions in Redis: counted on this instance only");
      return undefined;
    }
  }

  /** Gives back the slot of a session that did not open, or ended. */
  releaseSlot(tokenId: string, id: string): void {
    this.redis.zrem(slotsOf(tokenId), id).catch(() => undefined);
  }

  /** Records a new session; resolves false (and logs) if Redis cannot, leaving the session to this instance. */
  async create(id: string, session: Omit<SharedSession, "subscriptions">): Promise<boolean> {
    try {
      await this.redis
        .multi()
        .hset(keyOf(id), {
          tokenId: session.tokenId,
          opening: JSON.stringify(session.opening),
          ...(session.connector && { connector: session.connector }),
        })
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
      ...(fields.connector && { connector: fields.connector }),
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
  touch(id: string, tokenId: string): void {
    this.redis
      .multi()
      .pexpire(keyOf(id), this.idleMs)
      .zadd(slotsOf(tokenId), "XX", Date.now() + this.idleMs, id)
      .pexpire(slotsOf(tokenId), this.idleMs)
      .exec()
      .catch(() => undefined);
  }

  /**
   * Sends each of a client's answers to the gateway's questions to the instance its id names
   * (question-ids.ts), when that is another one, and returns the rest for this instance: answers
   * to its own questions, and any that answer none of the gateway's (its session drops them). An
   * answer for an instance that no longer listens is dropped, as the call it belonged to is gone.
   * An id repeated in one POST is sent once (its first answer); a POST with more than
   * MAX_ANSWERS_PER_POST answers to forward throws TooManyAnswersError before any is sent (answers
   * for this instance cost no publish and are not counted).
   */
  async forwardAnswers(sessionId: string, answers: JSONRPCMessage[]): Promise<JSONRPCMessage[]> {
    const byId = new Map<unknown, JSONRPCMessage>();
    for (const answer of answers) {
      const id = "id" in answer ? answer.id : undefined;
      if (!byId.has(id)) byId.set(id, answer);
    }
    const here: JSONRPCMessage[] = [];
    const elsewhere: { instanceId: string; questionId: string; answer: JSONRPCMessage }[] = [];
    for (const [questionId, answer] of byId) {
      const instanceId = askerOf(questionId as RequestId | undefined);
      if (!instanceId || instanceId === this.instanceId) here.push(answer);
      else elsewhere.push({ instanceId, questionId: String(questionId), answer });
    }
    if (elsewhere.length > MAX_ANSWERS_PER_POST) throw new TooManyAnswersError(elsewhere.length);
    const receivers = await Promise.all(
      elsewhere.map(({ instanceId, questionId, answer }) => {
        const sealed = sealAnswer(this.secretBox, { instanceId, sessionId, questionId }, answer);
        return this.redis.publish(this.answerChannel(instanceId), JSON.stringify({ sessionId, questionId, sealed }));
      }),
    ).catch((error: unknown) => {
      throw new DependencyUnavailableError("Redis (shared MCP sessions) is unavailable", { cause: error });
    });
    if (receivers.includes(0)) {
      this.warnAboutAnswer(
        { sessionId },
        "an MCP client answered a question of a gateway instance that is gone: dropped",
      );
    }
    return here;
  }

  /** The client ended the session: no instance may serve it again (if Redis is away, it expires when idle). */
  async end(id: string, tokenId: string): Promise<void> {
    try {
      await this.redis
        .multi()
        .del(keyOf(id))
        .zrem(slotsOf(tokenId), id)
        .publish(this.channel, this.event("ended", id))
        .exec();
    } catch (error) {
      this.logger.warn({ err: error }, "could not end a shared MCP session (Redis): it expires when idle");
    }
  }

  /**
   * Calls `onEvent` for other instances' changes and ends, and `onAnswer` for answers to this
   * instance's questions that reached another one, on a connection of its own (Redis pub/sub needs one).
   */
  async listen(
    onEvent: (kind: SessionEvent["kind"], id: string) => void,
    onAnswer: (id: string, answer: unknown) => void,
  ): Promise<void> {
    const listener = this.redis.duplicate();
    this.listener = listener;
    const answers = this.answerChannel(this.instanceId);
    listener.on("error", (error) => this.logger.warn({ err: error }, "shared MCP sessions: Redis listener failed"));
    listener.on("message", (channel: string, message: string) => {
      if (channel === answers) return this.receiveAnswer(message, onAnswer);
      const event = sessionEventSchema.safeParse(parseJson(message));
      if (!event.success) return void this.logger.warn("ignored a malformed event on the shared MCP sessions channel");
      if (event.data.from !== this.instanceId) onEvent(event.data.kind, event.data.id);
    });
    await listener.subscribe(this.channel, answers);
  }

  async close(): Promise<void> {
    await this.listener?.quit().catch(() => undefined);
  }

  /** Shares a change; if Redis is away the change stays with this instance (logged), and the request succeeds. */
  private async change(id: string, update: (multi: ReturnType<Redis["multi"]>) => unknown): Promise<void> {
    const multi = this.redis.multi();
    update(multi);
    try {
      await multi.pexpire(keyOf(id), this.idleMs).publish(this.channel, this.event("changed", id)).exec();
    } catch (error) {
      this.logger.warn({ err: error }, "could not share an MCP session's change (Redis): other instances miss it");
    }
  }

  /** Hands on a forwarded answer; one that is malformed or does not open is dropped (logged without it). */
  private receiveAnswer(message: string, onAnswer: (id: string, answer: unknown) => void): void {
    const forwarded = forwardedAnswerSchema.safeParse(parseJson(message));
    if (!forwarded.success) return this.warnAboutAnswer({}, "ignored a malformed forwarded answer of an MCP client");
    const { sessionId, questionId, sealed } = forwarded.data;
    let answer: unknown;
    try {
      answer = openAnswer(this.secretBox, { instanceId: this.instanceId, sessionId, questionId }, sealed);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return this.warnAboutAnswer(
        { sessionId, reason },
        "ignored a forwarded answer of an MCP client that does not open",
      );
    }
    onAnswer(sessionId, answer);
  }

  private event(kind: SessionEvent["kind"], id: string): string {
    return JSON.stringify({ kind, id, from: this.instanceId } satisfies SessionEvent);
  }
}
