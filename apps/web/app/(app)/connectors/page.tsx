import Link from "next/link";
import { buttonClasses } from "@/components/ui/button.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";

export const metadata = { title: "Connectors" };

export default function ConnectorsPage() {
  return (
    <>
      <PageHeader title="Connectors" description="The connectors you installed for yourself and for your teams." />
      <EmptyState
        icon="⚡"
        title="No connectors yet"
        description="Install a connector from the catalog; it will appear here with its status, tools and logs."
        action={
          <Link href="/catalog" className={buttonClasses("primary")}>
            Browse the catalog
          </Link>
        }
      />
    </>
  );
}
