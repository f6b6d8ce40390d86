import { announceRunner, isRunnerAlive } from "@switchboard/jobs";
import type { Redis } from "ioredis";
import type { Logger } from "pino";

export interface PresenceTiming {
  everyMs: number;
  /** How long a runner counts as alive after its last heartbeat. */
  ttlMs: number;
}

export const DEFAULT_PRESENCE_TIMING: PresenceTiming = { everyMs: 10_000, ttlMs: 30_000 };

/** "unknown": no heartbeat, but this runner has not been connected long enough to tell a dead runner from a slow one. */
export type RunnerState = "alive" | "gone" | "unknown";

/**
 * This runner's heartbeat in Redis, and what the heartbeats of others say. A missing heartbeat means
 * a runner is gone only once this runner has itself been connected for a whole TTL: right after it
 * starts, or after Redis comes back, the others may not have renewed theirs yet.
 */
export class RunnerPresence {
  private timer: NodeJS.Timeout | undefined;
  private connectedSince: number | null = null;
  private readonly onClose = () => {
    this.connectedSince = null;
  };
  private readonly onReady = () => void this.beat();

  constructor(
    private readonly redis: Redis,
    private readonly runnerId: string,
    private readonly timing: PresenceTiming,
    private readonly logger: Logger,
    /** Announced with every heartbeat, so web and gateway find this runner's bridges and logs. */
    private readonly url?: string,
  ) {}

  async start(): Promise<void> {
    this.redis.on("close", this.onClose);
    this.redis.on("ready", this.onReady);
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.timing.everyMs);
  }

  /** Stops renewing; the key expires by itself, so a runner restarted within the TTL keeps its connectors. */
  stop(): void {
    clearInterval(this.timer);
    this.redis.off("close", this.onClose);
    this.redis.off("ready", this.onReady);
  }

  async stateOf(runnerId: string): Promise<RunnerState> {
    if (await isRunnerAlive(this.redis, runnerId)) return "alive";
    const connectedFor = this.connectedSince === null ? 0 : Date.now() - this.connectedSince;
    return connectedFor >= this.timing.ttlMs ? "gone" : "unknown";
  }

  /** Waiting out an "unknown" runner takes at most this long. */
  get ttlMs(): number {
    return this.timing.ttlMs;
  }

  private async beat(): Promise<void> {
    // While Redis is away a heartbeat would only queue up; the reconnect ("ready") sends one.
    if (this.redis.status !== "ready") return;
    try {
      await announceRunner(this.redis, this.runnerId, this.timing.ttlMs, this.url);
      this.connectedSince ??= Date.now();
    } catch (error) {
      this.logger.warn({ err: error }, "runner heartbeat failed");
    }
  }
}
