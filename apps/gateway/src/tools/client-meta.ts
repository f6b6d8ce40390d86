import { isJsonObject } from "./json-answer.ts";

/**
 * The keys of a client's request `_meta` its upstream gets: W3C trace context (`traceparent`,
 * `tracestate`, `baggage`: SEP-414, which asks every hop to pass them on) and any other key of the
 * client's own. Not its progress token (the gateway asks the upstream with its own and maps it
 * back) nor keys under a prefix MCP reserves (`io.modelcontextprotocol/…`: the 2026-07-28 envelope
 * of protocol version, client identity and capabilities, a related task), which the gateway
 * writes toward each upstream itself. Undefined when nothing is left, and at no cost for a request
 * without `_meta` (the common case, on the hot path).
 */
export function passOnClientMeta(meta: unknown): Record<string, unknown> | undefined {
  if (!isJsonObject(meta)) return undefined;
  let kept: Record<string, unknown> | undefined;
  for (const key in meta) {
    if (isGatewayMetaKey(key)) continue;
    (kept ??= {})[key] = meta[key];
  }
  return kept;
}

/**
 * A `_meta` key the gateway keeps to itself: the progress token, a key under a prefix with a
 * `modelcontextprotocol` or `mcp` label (reserved by the spec), and `__proto__`, which no valid
 * key spells and which would set the prototype of the copy.
 */
export function isGatewayMetaKey(key: string): boolean {
  if (key === "progressToken" || key === "__proto__") return true;
  const slash = key.indexOf("/");
  if (slash < 0) return false;
  return key
    .slice(0, slash)
    .split(".")
    .some((label) => label === "modelcontextprotocol" || label === "mcp");
}

/** `params` for the upstream with the client's `_meta` keys added; the gateway's own keys win. */
export function withClientMeta(
  params: Record<string, unknown>,
  meta: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (meta === undefined) return params;
  return { ...params, _meta: { ...meta, ...(params._meta as Record<string, unknown> | undefined) } };
}
