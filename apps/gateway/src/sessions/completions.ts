import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CompleteRequestSchema,
  ErrorCode,
  McpError,
  type CompleteRequest,
  type CompleteResult,
} from "@modelcontextprotocol/sdk/types.js";
import { relayErrors } from "./relayed-error.ts";
import type { SessionUpstreams } from "./session-upstreams.ts";
import type { ConnectorNaming } from "../tools/connector-naming.ts";
import { passOnClientMeta, withClientMeta } from "../tools/client-meta.ts";

type Reference = CompleteRequest["params"]["ref"];

/** The connector prefix a reference names, and the reference as its upstream knows it. */
function toUpstreamReference(naming: ConnectorNaming, ref: Reference): { prefix: string; ref: Reference } {
  if (ref.type === "ref/prompt") {
    const target = naming.splitName(ref.name);
    if (target) return { prefix: target.prefix, ref: { ...ref, name: target.name } };
    throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${ref.name}`);
  }
  const target = naming.parseUri(ref.uri);
  if (target) return { prefix: target.prefix, ref: { ...ref, uri: target.uri } };
  throw new McpError(ErrorCode.InvalidParams, `Unknown resource: ${ref.uri}`);
}

/**
 * `completion/complete` for a namespaced prompt's argument or a gateway resource template's
 * variable, answered by the connector that owns it; one whose server offers no completions
 * has no suggestions.
 */
export async function completeFromUpstream(
  upstreams: SessionUpstreams,
  params: CompleteRequest["params"],
  signal: AbortSignal,
): Promise<CompleteResult> {
  const { prefix, ref } = toUpstreamReference(await upstreams.naming(), params.ref);
  const { use } = await upstreams.byPrefix(prefix);
  const { _meta: clientMeta, ...own } = params;
  const upstreamParams = withClientMeta({ ...own, ref }, passOnClientMeta(clientMeta)) as typeof params;
  return use(async ({ client }) => {
    if (!client.getServerCapabilities()?.completions) return { completion: { values: [] } };
    return client.complete(upstreamParams, { signal, timeout: upstreams.callTimeoutMs });
  }, signal);
}

export function registerCompletions(server: Server, upstreams: SessionUpstreams): void {
  server.setRequestHandler(CompleteRequestSchema, (request, extra) =>
    relayErrors(() => completeFromUpstream(upstreams, request.params, extra.signal)),
  );
}
