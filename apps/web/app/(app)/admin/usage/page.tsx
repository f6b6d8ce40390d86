import Link from "next/link";
import { Card } from "@/components/ui/card.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { db } from "@/server/db.ts";
import { requireInstanceAdminUser } from "@/server/auth/current-user.ts";
import { ConnectorUsageTable } from "@/modules/usage/components/connector-usage-table.tsx";
import { UserUsageTable } from "@/modules/usage/components/user-usage-table.tsx";
import { listInstanceUsage, USAGE_ROWS_LIMIT } from "@/modules/usage/lib/list-instance-usage.ts";
import { parseUsageDays, USAGE_WINDOWS } from "@/modules/usage/lib/usage-window.ts";

export const metadata = { title: "Usage" };

export default async function AdminUsagePage({
  searchParams,
}: {
  searchParams: Promise<{ days?: string | string[] }>;
}) {
  const user = await requireInstanceAdminUser();
  const days = parseUsageDays((await searchParams).days);
  const usage = await listInstanceUsage(db(), user, { days });
  const busiest = `The ${USAGE_ROWS_LIMIT} busiest, most calls first. Failures are tool errors, errors and timeouts; cancelled calls are counted apart.`;
  return (
    <>
      <PageHeader
        title="Usage"
        description={`Tool calls through the gateway in the last ${days} days. Only counts and timings are recorded, never arguments or results.`}
        actions={
          <nav aria-label="Period" className="flex gap-4">
            {USAGE_WINDOWS.map((window) =>
              window === days ? (
                <span
                  key={window}
                  aria-current="page"
                  className="text-sm font-semibold text-zinc-900 dark:text-zinc-100"
                >
                  Last {window} days
                </span>
              ) : (
                <Link
                  key={window}
                  href={`/admin/usage?days=${window}`}
                  className="text-sm font-medium text-indigo-600 hover:underline"
                >
                  Last {window} days
                </Link>
              ),
            )}
          </nav>
        }
      />
      <div className="space-y-8">
        <Card title="Per connector" description={busiest}>
          <ConnectorUsageTable rows={usage.connectors} />
        </Card>
        <Card title="Per person" description={busiest}>
          <UserUsageTable rows={usage.users} />
        </Card>
      </div>
    </>
  );
}
