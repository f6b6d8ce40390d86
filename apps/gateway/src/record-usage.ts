import type { PrismaClient } from "@switchboard/db";
import type { Logger } from "pino";
import type { GatewayPrincipal } from "./authenticate.ts";

export interface UsageEvent {
  principal: GatewayPrincipal;
  installationId: string;
  tool: string;
  durationMs: number;
  outcome: "ok" | "tool_error" | "error" | "timeout" | "cancelled";
  errorCode?: string | undefined;
}

/**
 * Records who called which tool, how long it took and how it ended — never arguments or results.
 * Writes are batched off the call path (one insert per flush), so recording adds no latency to
 * calls; a crash loses at most one flush interval of records.
 */
export class UsageRecorder {
  private buffer: UsageEvent[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
    flushIntervalMs = 1_000,
  ) {
    this.timer = setInterval(() => void this.flush(), flushIntervalMs);
    this.timer.unref();
  }

  record(event: UsageEvent): void {
    this.buffer.push(event);
    if (this.buffer.length >= 500) void this.flush();
  }

  async flush(): Promise<void> {
    const events = this.buffer;
    if (events.length === 0) return;
    this.buffer = [];
    try {
      await this.prisma.usageRecord.createMany({
        data: events.map((event) => ({
          userId: event.principal.userId,
          gatewayTokenId: event.principal.tokenId,
          installationId: event.installationId,
          tool: event.tool,
          durationMs: Math.round(event.durationMs),
          outcome: event.outcome,
          errorCode: event.errorCode ?? null,
        })),
      });
    } catch (error) {
      this.logger.error({ err: error, dropped: events.length }, "could not write usage records");
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
