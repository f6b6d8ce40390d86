import type { Pool } from "pg";
import type { Logger } from "pino";
import type { Authenticate } from "./authenticate.ts";

export interface TokenUseOptions {
  /** A token's `lastUsedAt` is written at most once per this interval. */
  resolutionMs?: number;
  /** How often pending uses are written, all in one UPDATE. */
  flushMs?: number;
  /** Whose `lastUsedAt`: gateway tokens, or OAuth consents (a principal's `tokenId` is its consent's id). */
  table?: "GatewayToken" | "OAuthConsent";
}

// One UPDATE for every token used since the last flush. Timestamps are UTC without a zone (Prisma's
// convention); a concurrent later write is never moved back.
function updateFor(table: "GatewayToken" | "OAuthConsent") {
  return {
    name: `${table}-last-used`,
    text: `UPDATE "${table}" t SET "lastUsedAt" = v.at
           FROM (SELECT id, to_timestamp(ms / 1000.0) AT TIME ZONE 'UTC' AS at
                 FROM unnest($1::uuid[], $2::float8[]) AS u(id, ms)) v
           WHERE t.id = v.id AND (t."lastUsedAt" IS NULL OR t."lastUsedAt" < v.at)`,
  };
}

/**
 * Records when each gateway token was last used (security finding 6), off the request path: a
 * request only notes the token in memory, at most once a minute per token, and a timer writes the
 * notes in one UPDATE. A failed write is logged and retried at the next flush.
 */
export class TokenUseRecorder {
  private readonly noted = new Map<string, number>();
  private pending = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private readonly resolutionMs: number;
  private readonly update: ReturnType<typeof updateFor>;

  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
    options: TokenUseOptions = {},
  ) {
    this.resolutionMs = options.resolutionMs ?? 60_000;
    this.update = updateFor(options.table ?? "GatewayToken");
    this.timer = setInterval(() => void this.flush(), options.flushMs ?? 5_000);
    this.timer.unref();
  }

  /** Wraps an authenticator so every accepted gateway token is noted. */
  wrap(authenticate: Authenticate): Authenticate {
    return async (bearer) => {
      const principal = await authenticate(bearer);
      if (principal) this.note(principal.tokenId);
      return principal;
    };
  }

  note(tokenId: string, now = Date.now()): void {
    const last = this.noted.get(tokenId);
    if (last !== undefined && now - last < this.resolutionMs) return;
    this.noted.set(tokenId, now);
    this.pending.set(tokenId, now);
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.pool.query({ ...this.update, values: [[...batch.keys()], [...batch.values()]] });
    } catch (error) {
      for (const [id, at] of batch) if (!this.pending.has(id)) this.pending.set(id, at);
      this.logger.warn({ err: error, tokens: batch.size }, "could not record when gateway tokens were last used");
    }
    const cutoff = Date.now() - this.resolutionMs;
    for (const [id, at] of this.noted) if (at < cutoff) this.noted.delete(id);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
