import {
  Client as ModernClient,
  ProtocolError,
  SdkHttpError,
  type RequestMethod,
  StreamableHTTPClientTransport as ModernTransport,
} from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { McpError, type ServerCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { GATEWAY_CLIENT_INFO, STATELESS_REVISION } from "./stateless-exchange.ts";
import type { UpstreamTarget } from "./upstream-pool.ts";

/** An HTTP refusal in the 1.x SDK's shape, so a 401 takes the pool's refresh-and-retry path like any other. */
function toLegacyError(error: unknown): unknown {
  if (error instanceof ProtocolError) return new McpError(error.code, error.message, error.data);
  if (error instanceof SdkHttpError) {
    return new StreamableHTTPError(error.status, `upstream answered HTTP ${error.status}`);
  }
  return error;
}

/**
 * The gateway's upstream client (the 1.x SDK's `Client`, which sessions, prompts, resources and
 * completions use) for a server that speaks only 2026-07-28 (tool calls take a plain exchange
 * instead, see ClientUpstreamConnection): every request rides a v2 SDK client
 * pinned to that revision, which writes the per-request `_meta` envelope and the `Mcp-Method` /
 * `Mcp-Name` headers and validates what comes back. An `input_required` result is handed back as
 * it came (never fulfilled here): the gateway passes it to the client that asked.
 */
export class StatelessUpstreamClient extends Client {
  constructor(private readonly modern: ModernClient) {
    super(GATEWAY_CLIENT_INFO);
    modern.onclose = () => this.onclose?.();
  }

  override getServerCapabilities(): ServerCapabilities | undefined {
    return this.modern.getServerCapabilities() as ServerCapabilities | undefined;
  }

  override async close(): Promise<void> {
    await this.modern.close();
  }

  // The v2 client already validated the result against the revision's schema for the method (or
  // as a generic result); the 1.x schema the caller names describes the same JSON.
  override async request<T>(
    request: { method: string; params?: Record<string, unknown> },
    _resultSchema: unknown,
    options?: RequestOptions,
  ): Promise<T> {
    try {
      return (await this.modern.request(request as { method: RequestMethod; params?: Record<string, unknown> }, {
        ...(options?.signal ? { signal: options.signal } : {}),
        ...(options?.timeout ? { timeout: options.timeout } : {}),
        ...(options?.onprogress ? { onprogress: options.onprogress } : {}),
        allowInputRequired: true,
      })) as T;
    } catch (error) {
      throw toLegacyError(error);
    }
  }
}

/**
 * Connects to a target on the stateless revision: the v2 client's `server/discover` must offer
 * 2026-07-28 (the spec's pinned negotiation: no fallback, anything else fails).
 */
export async function connectStatelessUpstream(target: UpstreamTarget): Promise<StatelessUpstreamClient> {
  const modern = new ModernClient(GATEWAY_CLIENT_INFO, {
    versionNegotiation: { mode: { pin: STATELESS_REVISION } },
    inputRequired: { autoFulfill: false },
  });
  const transport = new ModernTransport(target.url, {
    requestInit: { headers: target.headers },
    ...(target.fetch ? { fetch: target.fetch } : {}),
  });
  try {
    await modern.connect(transport);
  } catch (error) {
    await modern.close().catch(() => undefined);
    throw toLegacyError(error);
  }
  return new StatelessUpstreamClient(modern);
}
