import { EmptyState } from "@/components/ui/empty-state.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";

export const metadata = { title: "Catalog" };

export default function CatalogPage() {
  return (
    <>
      <PageHeader
        title="Catalog"
        description="Connectors your team can install: local servers that run in hardened containers, and remote MCP servers."
      />
      <EmptyState
        icon="▦"
        title="The catalog is empty"
        description="Admins can import connectors from Archestra catalog JSON, the MCP Registry or an mcpServers file."
      />
    </>
  );
}
