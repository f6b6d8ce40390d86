import pg from "pg";
import type { Logger } from "pino";

/** Notified by triggers (see migration gateway_auth_notify) when any token check may have changed. */
export const GATEWAY_AUTH_CHANNEL = "switchboard_gateway_auth";
/** Notified with a credential's id when its version changes (see migration credential_version_notify). */
export const CREDENTIAL_VERSION_CHANNEL = "switchboard_credential_versions";

const RECONNECT_DELAY_MS = 1_000;

export interface ChangeListener {
  /** True while LISTEN is active: only then may what the notifications invalidate be cached. */
  readonly live: boolean;
  close(): Promise<void>;
}

/**
 * Holds one dedicated connection that LISTENs on `channels` and calls `onChange(channel, payload)`
 * for each notification, and `onChange(undefined)` whenever the connection is lost or
 * re-established (what happened in between is unknown). Reconnects until closed.
 */
export function listenForChanges(
  databaseUrl: string,
  channels: readonly string[],
  onChange: (channel?: string, payload?: string) => void,
  logger: Logger,
): ChangeListener {
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
    logger.warn({ err: error }, "change notifications lost: checking the database on every request until reconnected");
    retry = setTimeout(() => void connect(), RECONNECT_DELAY_MS);
    retry.unref();
  }

  async function connect(): Promise<void> {
    const candidate = new pg.Client({ connectionString: databaseUrl });
    candidate.on("notification", ({ channel, payload }) => onChange(channel, payload));
    candidate.on("error", (error) => drop(candidate, error));
    candidate.on("end", () => drop(candidate));
    client = candidate;
    try {
      await candidate.connect();
      for (const channel of channels) await candidate.query(`LISTEN ${channel}`);
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
