import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type Docker from "dockerode";
import type { Logger } from "pino";
import { CONNECTOR_LABEL, RUNNER_LABEL } from "./container-labels.ts";

/** Docker's events for a container that no longer runs: it exited or was killed, ran out of memory, or was removed. */
const EXIT_EVENTS = ["die", "oom", "destroy"];
const RESUBSCRIBE_MIN_MS = 100;
const RESUBSCRIBE_MAX_MS = 2_000;

export interface ExitWatchHandlers {
  /** A container of this runner stopped running; called once per event (`oom` is followed by `die`). */
  onExit(connectorId: string): void;
  /**
   * The event stream is back after a break (the daemon restarted, the socket dropped). Whatever
   * happened meanwhile was missed, so the caller looks at every container again.
   */
  onResubscribed(): void;
}

interface DockerEvent {
  Type?: string;
  Action?: string;
  Actor?: { Attributes?: Record<string, string> };
}

/**
 * Follows Docker's event stream for this runner's containers. The stream ends whenever the daemon
 * restarts; it is opened again with capped exponential backoff until `stop` is called.
 */
export function watchContainerExits(
  docker: Docker,
  runnerId: string,
  handlers: ExitWatchHandlers,
  logger: Logger,
): () => void {
  let stopped = false;
  let current: Readable | undefined;
  let timer: NodeJS.Timeout | undefined;
  let delayMs = RESUBSCRIBE_MIN_MS;
  let interrupted = false;

  const resubscribeLater = (reason: unknown) => {
    current = undefined;
    if (stopped) return;
    if (!interrupted) logger.warn({ err: reason }, "docker event stream lost; re-subscribing");
    interrupted = true;
    // subscribe handles its own failures (it re-subscribes later).
    timer = setTimeout(() => void subscribe(), delayMs);
    delayMs = Math.min(delayMs * 2, RESUBSCRIBE_MAX_MS);
  };

  async function subscribe(): Promise<void> {
    timer = undefined;
    let stream: Readable;
    try {
      stream = (await docker.getEvents({
        filters: { type: ["container"], event: EXIT_EVENTS, label: [`${RUNNER_LABEL}=${runnerId}`] },
      })) as Readable;
    } catch (error) {
      resubscribeLater(error);
      return;
    }
    if (stopped) {
      stream.destroy();
      return;
    }
    current = stream;
    delayMs = RESUBSCRIBE_MIN_MS;
    if (interrupted) {
      interrupted = false;
      logger.info("docker event stream re-subscribed");
      handlers.onResubscribed();
    }
    stream.on("error", () => undefined);
    stream.once("close", () => {
      if (current === stream) resubscribeLater(new Error("docker event stream closed"));
    });
    // One JSON object per line; a broken stream is reported by the close above.
    createInterface({ input: stream })
      .on("line", (line) => {
        const connectorId = parseExit(line);
        if (connectorId) handlers.onExit(connectorId);
      })
      .on("error", () => undefined);
  }

  void subscribe();
  return () => {
    stopped = true;
    clearTimeout(timer);
    current?.destroy();
    current = undefined;
  };
}

function parseExit(line: string): string | undefined {
  try {
    const event = JSON.parse(line) as DockerEvent;
    if (event.Type !== "container" || !EXIT_EVENTS.includes(event.Action ?? "")) return undefined;
    return event.Actor?.Attributes?.[CONNECTOR_LABEL];
  } catch {
    return undefined;
  }
}
