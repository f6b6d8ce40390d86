import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Pool } from "pg";
import type { GatewayPrincipal } from "../auth/authenticate.ts";

export interface UsageEvent {
  principal: GatewayPrincipal;
  connectorId: string;
  tool: string;
  durationMs: number;
  outcome: "ok" | "tool_error" | "error" | "timeout" | "cancelled";
  errorCode?: string | undefined;
}

interface BufferedEvent extends UsageEvent {
  /** Chosen here, so a batch written again after a lost reply (did it commit?) adds no duplicates. */
  id: string;
  at: Date;
}

export interface UsageRecorderOptions {
  flushIntervalMs?: number;
  /** Records kept while the database is unreachable; past it, new records are dropped and counted. */
  maxBuffered?: number;
  /** Records per INSERT. */
  batchSize?: number;
  /** Wait before retrying a failed write: doubles from `minMs` up to `maxMs`. */
  retryMs?: { min: number; max: number };
  /** Counts records dropped because the buffer was full (a Prometheus counter). */
  onDropped?: (count: number) => void;
}

// One statement per batch whatever its size: the rows travel as one array per column. `at` is
// stored as UTC without a zone (Prisma's convention).
const INSERT = `INSERT INTO "UsageRecord"
    (id, at, "userId", "gatewayTokenId", "installationId", tool, "durationMs", outcome, "errorCode")
  SELECT r.id, r.at AT TIME ZONE 'UTC', r.user_id, r.token_id, r.installation_id, r.tool,
         r.duration_ms, r.outcome, r.error_code
  FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::int[],
              $8::text[], $9::text[])
    AS r(id, at, user_id, token_id, installation_id, tool, duration_ms, outcome, error_code)
  ON CONFLICT (id) DO NOTHING`;

const INSERT_DROPPED_AUDIT = `INSERT INTO "AuditEvent" (id, at, action, "targetType", metadata)
  VALUES (gen_random_uuid(), now() AT TIME ZONE 'UTC', 'usage.records_dropped', 'usage', $1::jsonb)`;

/**
 * Records who called which tool, how long it took and how it ended — never arguments or results.
 * Writes are batched off the call path, so recording adds no latency to calls. While the database
 * is unreachable the records stay buffered (up to `maxBuffered`) and the write is retried with
 * backoff; what the full buffer drops is counted in a metric and, once the database is back, in an
 * audit event. A crash loses what is buffered; a shutdown (`close`) writes it first.
 */
export class UsageRecorder {
  private buffer: BufferedEvent[] = [];
  private readonly timer: NodeJS.Timeout;
  private writing: Promise<void> | undefined;
  private failures = 0;
  private retryAt = 0;
  private dropped = { count: 0, since: undefined as Date | undefined };
  private readonly maxBuffered: number;
  private readonly batchSize: number;
  private readonly retryMs: { min: number; max: number };

  constructor(
    private readonly db: Pool,
    private readonly logger: Logger,
    private readonly options: UsageRecorderOptions = {},
  ) {
    this.maxBuffered = options.maxBuffered ?? 100_000;
    this.batchSize = options.batchSize ?? 500;
    this.retryMs = options.retryMs ?? { min: 250, max: 5_000 };
    this.timer = setInterval(() => {
      if (Date.now() >= this.retryAt) void this.flush();
    }, options.flushIntervalMs ?? 1_000);
    this.timer.unref();
  }

  /** Records waiting to be written. */
  get pending(): number {
    return this.buffer.length;
  }

  record(event: UsageEvent): void {
    if (this.buffer.length >= this.maxBuffered) return this.drop();
    this.buffer.push({ ...event, id: randomUUID(), at: new Date() });
    if (this.buffer.length >= this.batchSize && this.failures === 0) void this.flush();
  }

  /** Writes everything buffered; resolves when it is stored or a write failed (the rest stays buffered). */
  flush(): Promise<void> {
    this.writing ??= this.writeBuffered().finally(() => {
      this.writing = undefined;
    });
    return this.writing;
  }

  /** Stops the timer and writes what is buffered, retrying until `deadlineMs` have passed. */
  async close(deadlineMs = 10_000): Promise<void> {
    clearInterval(this.timer);
    const deadline = Date.now() + deadlineMs;
    await this.flush();
    while (this.buffer.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(this.retryAt, deadline) - Date.now())));
      await this.flush();
    }
    if (this.buffer.length > 0) {
      this.options.onDropped?.(this.buffer.length);
      this.logger.error({ lost: this.buffer.length }, "shutting down with usage records the database did not take");
    }
  }

  private async writeBuffered(): Promise<void> {
    try {
      while (this.buffer.length > 0) {
        const batch = this.buffer.slice(0, this.batchSize);
        await this.insert(batch);
        this.buffer.splice(0, batch.length);
      }
      if (this.failures > 0) this.logger.warn({ failedWrites: this.failures }, "usage records are written again");
      this.failures = 0;
      if (this.dropped.count > 0) await this.auditDropped();
    } catch (error) {
      this.failures += 1;
      const delay = Math.min(this.retryMs.max, this.retryMs.min * 2 ** (this.failures - 1));
      this.retryAt = Date.now() + delay * (0.5 + Math.random() / 2);
      // One line when the outage starts, not one per retry.
      if (this.failures === 1) {
        this.logger.error(
          { err: error, buffered: this.buffer.length },
          "could not write usage records; keeping them and retrying",
        );
      }
    }
  }

  private insert(events: BufferedEvent[]) {
    return this.db.query(INSERT, [
      events.map((event) => event.id),
      events.map((event) => event.at),
      events.map((event) => event.principal.userId),
      events.map((event) => (event.principal.oauthConsentId ? null : event.principal.tokenId)),
      events.map((event) => event.connectorId),
      events.map((event) => event.tool),
      events.map((event) => Math.round(event.durationMs)),
      events.map((event) => event.outcome),
      events.map((event) => event.errorCode ?? null),
    ]);
  }

  private drop(): void {
    if (this.dropped.count === 0) {
      this.dropped.since = new Date();
      this.logger.error({ maxBuffered: this.maxBuffered }, "usage buffer full: dropping usage records");
    }
    this.dropped.count += 1;
    this.options.onDropped?.(1);
  }

  /** Leaves a trace for admins in the audit log: how many records were lost, and when. */
  private async auditDropped(): Promise<void> {
    const { count, since } = this.dropped;
    await this.db.query(INSERT_DROPPED_AUDIT, [JSON.stringify({ count, from: since, to: new Date() })]);
    this.logger.warn({ dropped: count }, "usage records were dropped while the database was unreachable");
    this.dropped = { count: this.dropped.count - count, since: this.dropped.count > count ? new Date() : undefined };
  }
}
