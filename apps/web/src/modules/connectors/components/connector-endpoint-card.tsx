import { connectorSlug } from "@switchboard/db/connector-slug";
import { Card } from "@/components/ui/card.tsx";
import { CopyableValue } from "@/components/ui/copyable-value.tsx";

/**
 * Where an MCP client reaches this connector alone: the gateway's `/mcp/<connector>`, by the name
 * its tools carry on the shared address, and by id (which never changes and never collides).
 */
export function ConnectorEndpointCard({
  gatewayUrl,
  connector,
}: {
  gatewayUrl: string;
  connector: { id: string; name: string };
}) {
  const base = gatewayUrl.replace(/\/$/, "");
  return (
    <Card
      title="Connect a client to this connector only"
      description="Add this address to your MCP client instead of the gateway's to see this connector alone, its tools, prompts and resources named as its server names them. Use it for connectors with interactive apps (MCP Apps): an app calls its server's tools by their own names. Sign in as on the Gateway page, with a gateway token or by OAuth."
    >
      <div className="space-y-3">
        <CopyableValue
          label="This connector's address"
          value={`${base}/${connectorSlug(connector.name)}`}
          testId="connector-endpoint"
        />
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          If you can use another connector of the same name, or rename this one, use its address by id instead:
        </p>
        <CopyableValue label="This connector's address by id" value={`${base}/${connector.id}`} />
      </div>
    </Card>
  );
}
