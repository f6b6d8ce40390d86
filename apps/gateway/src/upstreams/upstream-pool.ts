import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError, type ServerNotification } from "@modelcontextprotocol/sdk/types.js";
import type { RemoteTransport } from "@switchboard/catalog";
import { connectUpstream } from "./connect-upstream.ts";
import { StatelessUpstreamClient } from "./stateless-upstream-client.ts";
import type { UpstreamConnection } from "./upstream-connection.ts";
import { createPooledPost, type HttpPost } from "@switchboard/mcp-bridge";
import type { Dispatcher } from "undici";

/** Notifications of one connector passed on per second (one window); more are dropped. */
export const MAX_NOTIFICATIONS_PER_SECOND = 100;

export interface UpstreamTarget {
  url: URL;
  headers: Record<string, string>;
  /** For servers on the internet: a fetch that enforces the SSRF policy (the SDK transport's). */
  fetch?: typeof fetch;
  /** The same policy's connection pool for the URL, for the per-call requests. */
  dispatcher?: Dispatcher;
  /** A remote server's transport as its catalog entry declares it; runners' bridges have none. */
  transport?: RemoteTransport;
  /** The OAuth credential whose access token the headers carry, to refresh it when the server answers 401. */
  credential?: UpstreamCredential;
}

export interface UpstreamCredential {
  id: string;
  accessToken: string;
  /** The credential row's version when it was read: a refresh increments it. */
  version: number;
}

/**
 * `promise`, or the signal's reason once it aborts: a caller whose time is up stops waiting for a
 * connect that other calls may still use (an upstream that is starting can take a while).
 */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

/** `promise`, or a rejection after `ms`; `onLate` cleans up after a promise that was given up. */
function withTimeout<T>(promise: Promise<T>, ms: number, onLate: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onLate();
      reject(new Error(`upstream did not finish connecting within ${ms} ms`));
    }, ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/** The upstream ended the session (its server restarted, or the bridge forgot it): a fresh one will do. */
function isSessionGone(error: unknown): boolean {
  return error instanceof StreamableHTTPError && error.code === 404;
}

/**
 * One upstream connection per connector, shared by every gateway session: each request gets
 * its own id and each response goes back to its caller, so sessions never see each other's
 * traffic. A connection that fails is dropped and reconnected on the next call (see `use`).
 */
export class UpstreamPool {
  /** Every notification an upstream sends (log messages, resource updates, list changes) but a change of its tools. */
  onNotification?: (connectorId: string, notification: ServerNotification) => void;
  /** The upstream's tools changed (`tools/list_changed`): what the runner recorded is out of date. */
  onToolListChanged?: (connectorId: string) => void;
  /** A (re)connected upstream, to restore what sessions set up on the one before. */
  onConnected?: (connectorId: string, connection: UpstreamConnection) => void;
  /** Whether the credential a connection opened with is still the stored one (no refresh since). */
  isCredentialCurrent?: (credential: UpstreamCredential) => Promise<boolean>;

  private readonly connections = new Map<string, Promise<UpstreamConnection>>();
  /** The pooled connection once it is open, to tell it from a successor another call opened. */
  private readonly open = new Map<string, UpstreamConnection>();
  private readonly credentials = new Map<string, UpstreamCredential>();
  /** Per connector: when its current one-second window began and how many notifications it passed on. */
  private readonly notificationWindows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly resolveTarget: (connectorId: string) => Promise<UpstreamTarget>,
    /** How requests reach targets without a fetch of their own (the runners' bridges). */
    private readonly pooledPost: HttpPost,
    /**
     * A connect that takes longer is given up (and closed if it opens later), so the next call
     * tries afresh: an initialize lost while a server restarted would otherwise hold every call.
     */
    private readonly connectTimeoutMs = 10_000,
  ) {}

  get(connectorId: string): Promise<UpstreamConnection> {
    let connection = this.connections.get(connectorId);
    if (!connection) {
      connection = this.connect(connectorId);
      this.connections.set(connectorId, connection);
      connection.catch(() => this.connections.delete(connectorId));
    }
    return connection;
  }

  /**
   * Runs `operation` on the connector's connection. Any failure other than the server's own
   * JSON-RPC error or the caller's abort drops the connection, so the next call reconnects; a
   * request refused because the upstream session is gone (404) was never run, so it runs once more
   * on a fresh session.
   */
  async use<T>(
    connectorId: string,
    operation: (connection: UpstreamConnection) => Promise<T>,
    signal?: AbortSignal,
    retryIfSessionGone = true,
  ): Promise<T> {
    const connection = await this.connectionWithCurrentCredential(connectorId, signal);
    try {
      return await operation(connection);
    } catch (error) {
      if (error instanceof McpError || signal?.aborted) throw error;
      this.dropConnection(connectorId, connection);
      if (!retryIfSessionGone || !isSessionGone(error)) throw error;
      return this.use(connectorId, operation, signal, false);
    }
  }

  /**
   * The connector's connection, reopened first when its credential was refreshed since it
   * opened (by the runner or another gateway): every request carries the current token instead of
   * waiting for the server to reject the old one; a 401 stays the fallback.
   */
  private async connectionWithCurrentCredential(connectorId: string, signal?: AbortSignal) {
    signal?.throwIfAborted();
    // An open connection is used as it is: waiting on its settled promise through `unlessAborted`
    // would cost a promise and an abort listener per call on the hot path.
    const connection = this.open.get(connectorId) ?? (await unlessAborted(this.get(connectorId), signal));
    const credential = this.credentials.get(connectorId);
    if (!credential || !this.isCredentialCurrent || (await this.isCredentialCurrent(credential))) return connection;
    this.dropConnection(connectorId, connection);
    return unlessAborted(this.get(connectorId), signal);
  }

  /** The connector's connection if there is one, without connecting. */
  existing(connectorId: string): Promise<UpstreamConnection> | undefined {
    return this.connections.get(connectorId);
  }

  /** Closes the open connections; one still connecting is closed when it is done, without waiting for it. */
  async close(): Promise<void> {
    const pending = [...this.connections.values()];
    const open = [...this.open.values()];
    this.connections.clear();
    this.open.clear();
    for (const connection of pending) void connection.then((c) => c.client.close()).catch(() => undefined);
    await Promise.allSettled(open.map((connection) => connection.client.close()));
  }

  /**
   * Whether the connector's upstream may answer a request with `input_required`: only one on
   * the 2026-07-28 revision can, and until it is connected its revision is unknown. A 2025-era
   * session (the runners' bridges, most remote servers) cannot ask for input that way.
   */
  mayAskForInput(connectorId: string): boolean {
    const connection = this.open.get(connectorId);
    return connection === undefined || connection.client instanceof StatelessUpstreamClient;
  }

  /** The credential the last connection to this connector used, if any. */
  credentialOf(connectorId: string): UpstreamCredential | undefined {
    return this.credentials.get(connectorId);
  }

  /** Forgets a failed connection, unless a concurrent call already replaced it with a fresh one. */
  private dropConnection(connectorId: string, connection: UpstreamConnection): void {
    if (this.open.get(connectorId) === connection) {
      this.open.delete(connectorId);
      this.connections.delete(connectorId);
    }
    void connection.client.close().catch(() => undefined);
  }

  /**
   * Each notification is offered to every session of the instance, so a server sending them without
   * pause (log lines, resource updates) held the gateway for everyone; past the limit they are dropped.
   */
  private withinNotificationLimit(connectorId: string): boolean {
    const now = Date.now();
    const window = this.notificationWindows.get(connectorId);
    if (!window || now - window.start >= 1000) {
      this.notificationWindows.set(connectorId, { start: now, count: 1 });
      return true;
    }
    window.count += 1;
    return window.count <= MAX_NOTIFICATIONS_PER_SECOND;
  }

  private async connect(connectorId: string): Promise<UpstreamConnection> {
    const target = await this.resolveTarget(connectorId);
    if (target.credential) this.credentials.set(connectorId, target.credential);
    else this.credentials.delete(connectorId);
    const notify = (notification: ServerNotification) => {
      if (notification.method === "notifications/tools/list_changed") this.onToolListChanged?.(connectorId);
      else if (this.withinNotificationLimit(connectorId)) this.onNotification?.(connectorId, notification);
    };
    const createClient = () => {
      const client = new Client({ name: "switchboard-gateway", version: "1.0.0" });
      client.fallbackNotificationHandler = async (notification) => notify(notification as ServerNotification);
      return client;
    };
    // The pending promise `get` stored; a closing client must not evict its successor.
    const connection = this.connections.get(connectorId);
    const post = target.dispatcher ? createPooledPost(target.dispatcher) : this.pooledPost;
    const connecting = connectUpstream(target, createClient, post, notify);
    const upstream = await withTimeout(connecting, this.connectTimeoutMs, () => {
      void connecting.then((late) => late.client.close()).catch(() => undefined);
    });
    upstream.client.onclose = () => {
      if (this.connections.get(connectorId) === connection) {
        this.connections.delete(connectorId);
        this.open.delete(connectorId);
      }
    };
    if (this.connections.get(connectorId) === connection) this.open.set(connectorId, upstream);
    this.onConnected?.(connectorId, upstream);
    return upstream;
  }
}
