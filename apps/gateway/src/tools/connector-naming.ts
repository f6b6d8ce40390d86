import { parseGatewayUri, toGatewayUri, toGatewayUriTemplate } from "../http/gateway-uris.ts";
import { namespacedToolName, SEPARATOR, splitNamespacedName } from "./tool-names.ts";

/**
 * How a session's clients name a connector's tools, prompts and resources. The aggregate endpoint
 * (`/mcp`) namespaces them (`<prefix>__<name>`, `switchboard://<prefix>/<uri>`) so many
 * connectors fit in one list and every name routes back; a connector's own endpoint
 * (`/mcp/<connector>`) serves them as its server wrote them, which MCP Apps need: an app calls
 * its server's tools by their own names.
 */
export interface ConnectorNaming {
  /** True for a connector's own endpoint: names and URIs pass through unchanged. */
  readonly direct: boolean;
  toolName(prefix: string, name: string): string;
  promptName(prefix: string, name: string): string;
  /** A prompt name a client sent: the connector prefix and the upstream's name; undefined if it names none. */
  splitName(name: string): { prefix: string; name: string } | undefined;
  uri(prefix: string, uri: string): string;
  uriTemplate(prefix: string, template: string): string;
  /** A URI (or template) a client sent: the connector prefix and the upstream's URI. */
  parseUri(uri: string): { prefix: string; uri: string } | undefined;
  /** A description or display name, labelled with the connector's name where several share a list. */
  label(connectorName: string, text: string): string;
}

export const AGGREGATE_NAMING: ConnectorNaming = {
  direct: false,
  toolName: namespacedToolName,
  promptName: (prefix, name) => `${prefix}${SEPARATOR}${name}`,
  splitName: splitNamespacedName,
  uri: toGatewayUri,
  uriTemplate: toGatewayUriTemplate,
  parseUri: parseGatewayUri,
  label: (connectorName, text) => `[${connectorName}] ${text}`.trim(),
};

/** The naming of the endpoint of the one connector `prefix` names (none: the connector is gone). */
export function directNaming(prefix: string | undefined): ConnectorNaming {
  const same = (_prefix: string, value: string) => value;
  return {
    direct: true,
    toolName: same,
    promptName: same,
    splitName: (name) => (prefix === undefined ? undefined : { prefix, name }),
    uri: same,
    uriTemplate: same,
    parseUri: (uri) => (prefix === undefined ? undefined : { prefix, uri }),
    label: same,
  };
}
