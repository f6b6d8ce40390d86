import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { db } from "@/server/db.ts";
import { requireInstanceAdminUser } from "@/server/auth/current-user.ts";
import { EntryEditor } from "@/modules/admin-catalog/components/entry-editor.tsx";

export const metadata = { title: "Edit entry" };

export default async function EditCatalogEntryPage({ params }: { params: Promise<{ slug: string }> }) {
  await requireInstanceAdminUser();
  const { slug } = await params;
  const row = await db().catalogEntry.findUnique({ where: { slug } });
  if (!row || row.source !== "CUSTOM") notFound();
  return (
    <>
      <PageHeader
        title={`Edit ${row.name}`}
        description="The entry as Switchboard stores it. Saving validates it against the catalog schema. Existing connectors keep the revision they run; a change to server, settings or auth reaches each one only when its owner accepts it."
      />
      <Card>
        <EntryEditor slug={slug} json={JSON.stringify(row.entry, null, 2)} />
      </Card>
    </>
  );
}
