import pg from "pg";
import type { Logger } from "pino";

/** Notified by triggers (see migration gateway_auth_notify) when any token check may have changed. */
export const GATEWAY_AUTH_CHANNEL = "switchboard_gateway_auth";

const RECONNECT_DELAY_MS = 1_000;

export interface TokenChangeListener {
  /** True while LISTEN is active: only then may token checks be cached. */
  readonly live: boolean;
  close(): Promise<void>;
}

/**
 * Holds one dedicated connection that LISTENs for token changes and calls `onChange` for each
 * notification, and also whenever the connection is lost or re-established (what happened in
 * between is unknown). Reconnects until closed.
 */
export function listenForTokenChanges(databaseUrl: string, onChange: () => void, logger: Logger): TokenChangeListener {
  let client: pg.Client | undefined;
  let live = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  function drop(lost: pg.Client, error?: unknown): void {
    if (client !== lost) return;
    client = undefined;
    live = false;
    onChange();
    void lost.end().catch(() => undefined);
    if (closed) return;
    logger.warn({ err: error }, "token change notifications lost: checking every request until reconnected");
    retry = setTimeout(() => void connect(), RECONNECT_DELAY_MS);
    retry.unref();
  }

  async function connect(): Promise<void> {
    const candidate = new pg.Client({ connectionString: databaseUrl });
    candidate.on("notification", () => onChange());
    candidate.on("error", (error) => drop(candidate, error));
    candidate.on("end", () => drop(candidate));
    client = candidate;
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${GATEWAY_AUTH_CHANNEL}`);
    } catch (error) {
      return drop(candidate, error);
    }
    if (client !== candidate) return void (await candidate.end().catch(() => undefined));
    live = true;
    onChange();
  }

  void connect();
  return {
    get live() {
      return live;
    },
    async close() {
      closed = true;
      live = false;
      clearTimeout(retry);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
