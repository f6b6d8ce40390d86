import type { ConnectorNaming } from "../tools/connector-naming.ts";

interface ContentBlock {
  type?: unknown;
  uri?: unknown;
  resource?: { uri?: unknown };
}

/** Whether a content block names a resource by URI: a resource link or an embedded resource. */
export function namesResource(block: unknown): boolean {
  const type = (block as ContentBlock | null)?.type;
  return type === "resource_link" || type === "resource";
}

/**
 * A tool result's or prompt message's content with the resources it names (resource links,
 * embedded resources) under the gateway URIs of the connector `prefix`, so a client reads them
 * through the gateway like listed resources: the upstream's own URIs route nowhere here.
 */
export function toGatewayContent<T>(naming: ConnectorNaming, prefix: string, content: readonly T[]): T[] {
  return content.map((block) => toGatewayBlock(naming, prefix, block));
}

export function toGatewayBlock<T>(naming: ConnectorNaming, prefix: string, block: T): T {
  const named = block as ContentBlock;
  if (named.type === "resource_link" && typeof named.uri === "string") {
    return { ...block, uri: naming.uri(prefix, named.uri) };
  }
  if (named.type === "resource" && typeof named.resource?.uri === "string") {
    return { ...block, resource: { ...named.resource, uri: naming.uri(prefix, named.resource.uri) } };
  }
  return block;
}
