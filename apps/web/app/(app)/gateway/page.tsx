import { EmptyState } from "@/components/ui/empty-state.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";

export const metadata = { title: "Gateway" };

export default function GatewayPage() {
  return (
    <>
      <PageHeader
        title="Gateway"
        description="One MCP endpoint for all your connectors. Create a token and paste the config into Claude Desktop, Cursor or VS Code."
      />
      <EmptyState
        icon="⇄"
        title="No gateway tokens"
        description="Gateway tokens let your MCP clients reach your connectors. They are shown once and stored hashed."
      />
    </>
  );
}
