import Link from "next/link";
import { buttonClasses } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { TextField } from "@/components/ui/field.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { Table } from "@/components/ui/table.tsx";
import { db } from "@/server/db.ts";
import { requireInstanceAdminUser } from "@/server/auth/current-user.ts";
import { AuditEventRow } from "@/modules/audit/components/audit-event-row.tsx";
import { listAuditEvents } from "@/modules/audit/lib/list-audit-events.ts";

export const metadata = { title: "Audit log" };

type SearchParams = { action?: string | string[]; after?: string | string[] };

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireInstanceAdminUser();
  const params = await searchParams;
  const action = typeof params.action === "string" ? params.action.trim() : "";
  const after = typeof params.after === "string" ? params.after : undefined;
  const { events, nextAfter } = await listAuditEvents(db(), user, { action, after });
  const older = nextAfter
    ? `/admin/audit?${new URLSearchParams({ ...(action ? { action } : {}), after: nextAfter })}`
    : null;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed what on this instance, newest first: sign-ups, teams, connectors, tokens, catalog and sign-in grants. Details never include secrets."
      />
      <Card>
        <form role="search" action="/admin/audit" className="mb-6 flex flex-wrap items-end gap-3">
          <div className="w-64">
            <TextField label="Action starts with" name="action" defaultValue={action} placeholder="installation." />
          </div>
          <button type="submit" className={buttonClasses("secondary")}>
            Filter
          </button>
        </form>
        {events.length === 0 ? (
          <p className="text-sm text-zinc-500">
            {action ? `No events whose action starts with “${action}”.` : "No events yet."}
          </p>
        ) : (
          <Table columns={["When", "Who", "Action", "On", "Details"]} aria-label="Audit events">
            {events.map((event) => (
              <AuditEventRow key={event.id} event={event} />
            ))}
          </Table>
        )}
        {older || after ? (
          <nav aria-label="Pages" className="mt-6 flex gap-4 text-sm">
            {after ? (
              <Link
                href={action ? `/admin/audit?${new URLSearchParams({ action })}` : "/admin/audit"}
                className="font-medium text-indigo-600 hover:underline"
              >
                Newest
              </Link>
            ) : null}
            {older ? (
              <Link href={older} className="font-medium text-indigo-600 hover:underline">
                Older
              </Link>
            ) : null}
          </nav>
        ) : null}
      </Card>
    </>
  );
}
