import type { Logger } from "pino";
import type { Pool } from "pg";
import type { GatewayPrincipal } from "./authenticate.ts";

export interface UsageEvent {
  principal: GatewayPrincipal;
  installationId: string;
  tool: string;
  durationMs: number;
  outcome: "ok" | "tool_error" | "error" | "timeout" | "cancelled";
  errorCode?: string | undefined;
}

interface BufferedEvent extends UsageEvent {
  at: Date;
}

// One statement per flush whatever its size: the rows travel as one array per column. `at` is
// stored as UTC without a zone (Prisma's convention).
const INSERT = `INSERT INTO "UsageRecord"
    (id, at, "userId", "gatewayTokenId", "installationId", tool, "durationMs", outcome, "errorCode")
  SELECT gen_random_uuid(), r.at AT TIME ZONE 'UTC', r.user_id, r.token_id, r.installation_id, r.tool,
         r.duration_ms, r.outcome, r.error_code
  FROM unnest($1::timestamptz[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::int[], $7::text[], $8::text[])
    AS r(at, user_id, token_id, installation_id, tool, duration_ms, outcome, error_code)`;

/**
 * Records who called which tool, how long it took and how it ended — never arguments or results.
 * Writes are batched off the call path (one insert per flush), so recording adds no latency to
 * calls; a crash loses at most one flush interval of records.
 */
export class UsageRecorder {
  private buffer: BufferedEvent[] = [];
  private readonly timer: NodeJS.Timeout;
  /** The last write; each waits for the one before, so a flush returns only once all are stored. */
  private writing = Promise.resolve();

  constructor(
    private readonly db: Pool,
    private readonly logger: Logger,
    flushIntervalMs = 1_000,
  ) {
    this.timer = setInterval(() => void this.flush(), flushIntervalMs);
    this.timer.unref();
  }

  record(event: UsageEvent): void {
    this.buffer.push({ ...event, at: new Date() });
    if (this.buffer.length >= 500) void this.flush();
  }

  flush(): Promise<void> {
    const events = this.buffer;
    this.buffer = [];
    this.writing = this.writing.then(() => this.write(events));
    return this.writing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async write(events: BufferedEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.db.query(INSERT, [
        events.map((event) => event.at),
        events.map((event) => event.principal.userId),
        events.map((event) => event.principal.tokenId),
        events.map((event) => event.installationId),
        events.map((event) => event.tool),
        events.map((event) => Math.round(event.durationMs)),
        events.map((event) => event.outcome),
        events.map((event) => event.errorCode ?? null),
      ]);
    } catch (error) {
      this.logger.error({ err: error, dropped: events.length }, "could not write usage records");
    }
  }
}
