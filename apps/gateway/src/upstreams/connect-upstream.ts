import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport, SseError } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { ServerNotification } from "@modelcontextprotocol/sdk/types.js";
import { isLegacyTransportRefusal } from "@switchboard/catalog";
import { ClientUpstreamConnection } from "./client-upstream-connection.ts";
import { connectStatelessUpstream } from "./stateless-upstream-client.ts";
import { UpstreamConnection } from "./upstream-connection.ts";
import { DEFAULT_MAX_REPLY_BYTES, limitReplyBytes, type HttpPost } from "@switchboard/mcp-bridge";
import type { UpstreamTarget } from "./upstream-pool.ts";

/**
 * How a server that speaks only MCP 2026-07-28 refuses a 2025 `initialize`: HTTP 400 with the
 * unsupported-protocol-version error (-32022) naming the revisions it does speak.
 */
const UNSUPPORTED_VERSION_STATUS = 400;

/**
 * Opens an MCP session to a target on the transport it declares. The 2025 handshake comes first:
 * a server that accepts it keeps its session features (notifications, subscriptions, log level).
 * One that refuses it with HTTP 400, the way a 2026-07-28-only server answers an unsupported
 * revision, is reached on the stateless revision if its `server/discover` offers it. A remote
 * server declared (or defaulted) as Streamable HTTP that refuses the POST the way legacy servers
 * do is retried on the legacy HTTP+SSE transport, so entries whose transport was never stated
 * still work.
 */
export async function connectUpstream(
  given: UpstreamTarget,
  createClient: () => Client,
  post: HttpPost,
  onNotification: (notification: ServerNotification) => void,
): Promise<UpstreamConnection> {
  // The SDK reads an answer (and an event of a stream) whole: hold it to the limit of a call's reply.
  const target = { ...given, fetch: limitReplyBytes(given.fetch ?? fetch, DEFAULT_MAX_REPLY_BYTES) };
  if (target.transport === "sse") return connectSse(target, createClient(), post);
  const client = createClient();
  const transport = new StreamableHTTPClientTransport(target.url, {
    requestInit: { headers: target.headers },
    ...(target.fetch ? { fetch: target.fetch } : {}),
  });
  try {
    await client.connect(transport);
  } catch (error) {
    await client.close().catch(() => undefined);
    const status = error instanceof StreamableHTTPError ? error.code : undefined;
    if (status === UNSUPPORTED_VERSION_STATUS) {
      const stateless = await connectStatelessUpstream(target).catch(() => undefined);
      if (stateless) return new ClientUpstreamConnection(stateless, target.url, target.headers, post);
    }
    const legacyOnly = isLegacyTransportRefusal(status);
    // Only remote servers: a runner's bridge that refuses a session is not a legacy server.
    if (target.transport !== "streamable-http" || !legacyOnly) throw error;
    return connectSse(target, createClient(), post);
  }
  return new UpstreamConnection(client, transport, target.url, target.headers, post, onNotification);
}

async function connectSse(target: UpstreamTarget, client: Client, post: HttpPost): Promise<UpstreamConnection> {
  const baseFetch = target.fetch ?? fetch;
  const transport = new SSEClientTransport(target.url, {
    requestInit: { headers: target.headers },
    eventSourceInit: { fetch: baseFetch },
    // A 401 on a message POST is the same signal as on Streamable HTTP: refresh and retry.
    fetch: async (url, init) => {
      const response = await baseFetch(url, init);
      if (response.status !== 401) return response;
      await response.body?.cancel().catch(() => undefined);
      throw new StreamableHTTPError(401, "upstream answered HTTP 401");
    },
  });
  try {
    await client.connect(transport);
  } catch (error) {
    await client.close().catch(() => undefined);
    if (error instanceof SseError && error.code !== undefined) {
      throw new StreamableHTTPError(error.code, `upstream event stream answered HTTP ${error.code}`);
    }
    throw error;
  }
  return new ClientUpstreamConnection(client, target.url, target.headers, post);
}
