import { Card } from "@/components/ui/card.tsx";
import { CopyButton } from "@/components/ui/copy-button.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { env } from "@/env";
import { db } from "@/server/db.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { CreateTokenForm } from "@/modules/gateway-tokens/components/create-token-form.tsx";
import { TokenList } from "@/components/ui/token-list.tsx";
import { revokeGatewayTokenAction } from "@/modules/gateway-tokens/actions.ts";
import { listGatewayTokens } from "@/modules/gateway-tokens/lib/create-gateway-token.ts";
import { listUsableConnectors } from "@/modules/gateway-tokens/lib/list-usable-connectors.ts";
import { ConnectedApps } from "@/modules/oauth-server/components/connected-apps.tsx";
import { listConnectedApps } from "@/modules/oauth-server/lib/connected-apps.ts";

export const metadata = { title: "Gateway" };

export default async function GatewayPage() {
  const user = await requireUser();
  const [tokens, connectors, apps] = await Promise.all([
    listGatewayTokens(db(), user.id),
    listUsableConnectors(db(), user.id),
    listConnectedApps(db(), user.id),
  ]);
  const url = env().GATEWAY_PUBLIC_URL;
  return (
    <>
      <PageHeader
        title="Gateway"
        description="One MCP endpoint for all your connectors. Paste its URL into your MCP client: it signs you in here and asks what it may reach."
      />
      <div className="space-y-8">
        <Card
          title="Paste this URL into your client"
          description="Claude, ChatGPT, Cursor, VS Code and other MCP clients connect with the URL alone and sign in with OAuth."
        >
          <div className="flex items-center gap-2">
            <code className="flex-1 truncate rounded-md bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-800">{url}</code>
            <CopyButton value={url} />
          </div>
          <p className="mt-3 text-sm text-zinc-500 dark:text-zinc-400">
            To add one connector alone, with its tools named as its server names them (interactive MCP Apps need that),
            use its own address, <code>{url}/&lt;connector&gt;</code>, shown on the connector&apos;s page.
          </p>
        </Card>
        <Card
          title="Connected apps"
          description="Apps you allowed through sign-in. Revoking one stops it on its next request."
        >
          <ConnectedApps apps={apps} />
        </Card>
        <Card
          title="Advanced: gateway tokens"
          description="For scripts and clients without OAuth. Tokens act as you; limit one to a few connectors to give a client less."
        >
          <CreateTokenForm
            connectors={connectors.map((i) => ({
              id: i.id,
              name: i.name,
              scope: i.scope,
              teamName: i.team?.name ?? null,
            }))}
          />
        </Card>
        <Card title="Your tokens">
          <TokenList
            label="Gateway tokens"
            rows={tokens.map((token) => ({
              ...token,
              reach: token.restricted
                ? `Profile: ${token.connectors.map((row) => row.connector.name).join(", ")}`
                : "All connectors",
              revoke: revokeGatewayTokenAction.bind(null, token.id),
            }))}
          />
        </Card>
      </div>
    </>
  );
}
