import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  ErrorCode,
  McpError,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { SessionUpstreams } from "./session-upstreams.ts";
import type { UpstreamConnection } from "../upstreams/upstream-connection.ts";
import type { UpstreamPool } from "../upstreams/upstream-pool.ts";

/** A gateway session as the registry sees it: where updates of its subscriptions go. */
export interface Subscriber {
  resourceUpdated(connectorId: string, gatewayUri: string): void;
}

const keyOf = (connectorId: string, uri: string) => `${connectorId} ${uri}`;

/** The most resources one session subscribes to (kept for its life here and in Redis, and made upstream). */
export const MAX_SUBSCRIPTIONS_PER_SESSION = 128;

/**
 * Which sessions subscribed to which upstream resources, for the whole process. Sessions share an
 * connector's upstream connection, so its upstream subscription is counted: made for the first
 * subscriber, ended after the last, and made again when the connection is re-established. Each
 * session keeps the gateway URI it subscribed with (prefixes differ between sessions).
 */
export class ResourceSubscriptions {
  /** `connector uri` → subscriber → the gateway URI it used. */
  private readonly subscribers = new Map<string, Map<Subscriber, string>>();
  /** subscriber → gateway URI → the upstream resource. */
  private readonly bySubscriber = new Map<Subscriber, Map<string, { connectorId: string; uri: string }>>();

  constructor(private readonly pool: UpstreamPool) {}

  async subscribe(subscriber: Subscriber, gatewayUri: string, connectorId: string, uri: string): Promise<void> {
    const own = this.bySubscriber.get(subscriber) ?? new Map<string, { connectorId: string; uri: string }>();
    if (own.has(gatewayUri)) return;
    if (own.size >= MAX_SUBSCRIPTIONS_PER_SESSION) {
      throw new McpError(
        ErrorCode.InvalidRequest,
        `A session subscribes to at most ${MAX_SUBSCRIPTIONS_PER_SESSION} resources; unsubscribe from one first.`,
      );
    }
    own.set(gatewayUri, { connectorId, uri });
    this.bySubscriber.set(subscriber, own);
    const key = keyOf(connectorId, uri);
    const subscribers = this.subscribers.get(key) ?? new Map<Subscriber, string>();
    subscribers.set(subscriber, gatewayUri);
    this.subscribers.set(key, subscribers);
    if (subscribers.size > 1) return;
    try {
      await this.pool.use(connectorId, ({ client }) => client.subscribeResource({ uri }));
    } catch (error) {
      this.remove(subscriber, gatewayUri);
      throw error;
    }
  }

  async unsubscribe(subscriber: Subscriber, gatewayUri: string): Promise<void> {
    const ended = this.remove(subscriber, gatewayUri);
    if (ended) await this.endUpstream(ended.connectorId, ended.uri);
  }

  /** The gateway URIs a session is subscribed to. */
  urisOf(subscriber: Subscriber): string[] {
    return [...(this.bySubscriber.get(subscriber)?.keys() ?? [])];
  }

  /** Ends every subscription of a closed session. */
  release(subscriber: Subscriber): void {
    for (const gatewayUri of [...(this.bySubscriber.get(subscriber)?.keys() ?? [])]) {
      void this.unsubscribe(subscriber, gatewayUri).catch(() => undefined);
    }
  }

  /** Passes an upstream's `resources/updated` to the sessions subscribed to that resource. */
  dispatch(connectorId: string, uri: string): void {
    for (const [subscriber, gatewayUri] of this.subscribers.get(keyOf(connectorId, uri)) ?? []) {
      subscriber.resourceUpdated(connectorId, gatewayUri);
    }
  }

  /** Subscribes a new connection to what the connector's sessions are subscribed to. */
  async restore(connectorId: string, connection: UpstreamConnection): Promise<void> {
    const prefix = keyOf(connectorId, "");
    const uris = [...this.subscribers.keys()]
      .filter((key) => key.startsWith(prefix))
      .map((key) => key.slice(prefix.length));
    await Promise.allSettled(uris.map((uri) => connection.client.subscribeResource({ uri })));
  }

  /** Forgets one subscription; returns the upstream resource if nobody is subscribed to it anymore. */
  private remove(subscriber: Subscriber, gatewayUri: string) {
    const own = this.bySubscriber.get(subscriber);
    const resource = own?.get(gatewayUri);
    if (!own || !resource) return undefined;
    own.delete(gatewayUri);
    if (own.size === 0) this.bySubscriber.delete(subscriber);
    const key = keyOf(resource.connectorId, resource.uri);
    const subscribers = this.subscribers.get(key);
    subscribers?.delete(subscriber);
    if (subscribers && subscribers.size > 0) return undefined;
    this.subscribers.delete(key);
    return resource;
  }

  private async endUpstream(connectorId: string, uri: string): Promise<void> {
    // A dropped connection took its subscriptions with it; there is nothing to end.
    const connection = this.pool.existing(connectorId);
    if (connection) await (await connection).client.unsubscribeResource({ uri });
  }
}

/**
 * `resources/subscribe` and `resources/unsubscribe` on gateway URIs. Subscribing needs an
 * connector the session sees whose server supports subscriptions; unsubscribing works on
 * whatever the session subscribed to, even if it no longer sees the connector.
 */
export function registerResourceSubscriptions(
  server: Server,
  upstreams: SessionUpstreams,
  subscriptions: ResourceSubscriptions,
  subscriber: Subscriber,
  /** Shares the change with the session's other instances (shared-sessions.ts). */
  recordSubscription: (gatewayUri: string, subscribed: boolean) => Promise<void> = async () => undefined,
): void {
  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    await subscribeGatewayUri(upstreams, subscriptions, subscriber, request.params.uri);
    await recordSubscription(request.params.uri, true);
    return {};
  });

  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    await subscriptions.unsubscribe(subscriber, request.params.uri);
    await recordSubscription(request.params.uri, false);
    return {};
  });
}

/** Subscribes a session to a gateway URI of a connector it sees, whose server supports subscriptions. */
export async function subscribeGatewayUri(
  upstreams: SessionUpstreams,
  subscriptions: ResourceSubscriptions,
  subscriber: Subscriber,
  gatewayUri: string,
): Promise<void> {
  const target = (await upstreams.naming()).parseUri(gatewayUri);
  if (!target) throw new McpError(ErrorCode.InvalidParams, `Unknown resource: ${gatewayUri}`);
  const { connectorId, name, use } = await upstreams.byPrefix(target.prefix);
  const supported = await use(async ({ client }) => client.getServerCapabilities()?.resources?.subscribe === true);
  if (!supported) throw new McpError(ErrorCode.InvalidParams, `${name} does not support resource subscriptions.`);
  await subscriptions.subscribe(subscriber, gatewayUri, connectorId, target.uri);
}
