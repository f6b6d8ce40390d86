import { CONNECTOR_PATH_SEGMENT } from "@switchboard/db/connector-slug";
import { normalizeResource } from "@switchboard/oauth";

/**
 * The audience of a token for `resource` (RFC 8707) if it is the gateway's: its endpoint (every
 * connector the consent allows) or one connector's own endpoint below it (`<gateway>/<connector>`,
 * that connector only, enforced by the gateway). Whether the segment names a connector is the
 * gateway's to decide per token, so nothing here reveals which connectors exist.
 */
export function toGatewayAudience(resource: string, gatewayUrl: string): string | undefined {
  if (!URL.canParse(resource)) return undefined;
  const normalized = normalizeResource(resource);
  if (normalized === gatewayUrl) return gatewayUrl;
  if (!normalized.startsWith(`${gatewayUrl}/`)) return undefined;
  const segment = normalized.slice(gatewayUrl.length + 1).replace(/\/$/, "");
  return CONNECTOR_PATH_SEGMENT.test(segment) ? `${gatewayUrl}/${segment}` : undefined;
}
