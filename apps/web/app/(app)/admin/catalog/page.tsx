import Link from "next/link";
import { Badge } from "@/components/ui/badge.tsx";
import { Card } from "@/components/ui/card.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { Table } from "@/components/ui/table.tsx";
import { db } from "@/server/db.ts";
import { requireInstanceAdminUser } from "@/server/auth/current-user.ts";
import { ImportPanel } from "@/modules/admin-catalog/components/import-panel.tsx";
import { ActionButton } from "@/components/ui/action-button.tsx";
import { deleteEntryAction, setEntryEnabledAction } from "@/modules/admin-catalog/actions.ts";
import { listEntriesForAdmin } from "@/modules/admin-catalog/lib/manage-entry.ts";
import { ensureCatalogSynced } from "@/modules/catalog/lib/ensure-catalog-synced.ts";
import { authKindLabel } from "@/modules/catalog/lib/labels.ts";

export const metadata = { title: "Manage catalog" };

const sourceLabel = { BUILTIN: "built-in", DEVELOPER: "developer", CUSTOM: "admin" } as const;

export default async function AdminCatalogPage() {
  const user = await requireInstanceAdminUser();
  await ensureCatalogSynced();
  const entries = await listEntriesForAdmin(db(), user);
  return (
    <>
      <PageHeader
        title="Manage catalog"
        description="Import connectors, edit the ones you added, and hide entries your organization should not use."
      />
      <div className="space-y-8">
        <Card title="Import">
          <ImportPanel />
        </Card>
        <Card title="Entries" description={`${entries.length} entries`}>
          <Table columns={["Name", "Sign-in", "Source", "Installs", "Actions"]} hiddenColumns={["Actions"]}>
            {entries.map((entry) => (
              <tr key={entry.slug} className={entry.enabled ? "" : "opacity-60"}>
                <td className="py-2">
                  {entry.source === "CUSTOM" ? (
                    <Link href={`/admin/catalog/${entry.slug}`} className="font-medium text-indigo-600 hover:underline">
                      {entry.name}
                    </Link>
                  ) : (
                    <span className="font-medium">{entry.name}</span>
                  )}{" "}
                  {entry.enabled ? null : <Badge tone="amber">disabled</Badge>}
                </td>
                <td className="py-2">{authKindLabel(entry.authKind)}</td>
                <td className="py-2">
                  <Badge>{sourceLabel[entry.source]}</Badge>
                </td>
                <td className="py-2">{entry._count.connectors}</td>
                <td className="py-2">
                  <span className="flex items-center justify-end gap-2">
                    <ActionButton action={setEntryEnabledAction.bind(null, entry.slug, !entry.enabled)}>
                      {entry.enabled ? "Disable" : "Enable"}
                    </ActionButton>
                    {entry.source === "CUSTOM" && entry._count.connectors === 0 ? (
                      <ActionButton tone="danger" action={deleteEntryAction.bind(null, entry.slug)}>
                        Delete
                      </ActionButton>
                    ) : null}
                  </span>
                </td>
              </tr>
            ))}
          </Table>
        </Card>
      </div>
    </>
  );
}
