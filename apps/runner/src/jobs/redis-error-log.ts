import { isNotConnectionError } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";

const CONNECTION_ERROR_CODES = new Set(["ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE"]);

function isConnectionError(error: Error): boolean {
  return !isNotConnectionError(error) || ("code" in error && CONNECTION_ERROR_CODES.has(String(error.code)));
}

/**
 * Errors of the runner's queues and workers. Each of their connections reports every failed
 * reconnect attempt, a dozen errors a second while Redis is down; an outage is logged once when it
 * starts and once when `connection` is back instead. Other errors are logged as they come.
 */
export class RedisErrorLog {
  private down = false;
  private readonly onReady = () => {
    if (!this.down) return;
    this.down = false;
    this.logger.info("Redis is reachable again");
  };

  constructor(
    private readonly logger: Logger,
    private readonly connection: Redis,
  ) {
    connection.on("ready", this.onReady);
  }

  report(error: Error, context: Record<string, unknown>): void {
    if (!isConnectionError(error)) {
      this.logger.error({ err: error, ...context }, "job queue error");
    } else if (!this.down) {
      this.down = true;
      this.logger.error({ err: error, ...context }, "Redis is unreachable; jobs wait until it is back");
    }
  }

  stop(): void {
    this.connection.off("ready", this.onReady);
  }
}
