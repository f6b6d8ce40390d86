import Link from "next/link";
import { Badge } from "@/components/ui/badge.tsx";
import { Table } from "@/components/ui/table.tsx";
import type { ConnectorUsageRow } from "../lib/list-instance-usage.ts";
import { formatDuration, formatFailures } from "./format-usage.ts";

/** Calls per connector, busiest first; calls that reached no connector are one row. */
export function ConnectorUsageTable({ rows }: { rows: ConnectorUsageRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-zinc-500">No calls through the gateway in this period.</p>;
  return (
    <Table columns={["Connector", "Scope", "Calls", "Failures", "Cancelled", "p50"]} aria-label="Usage per connector">
      {rows.map((row) => (
        <tr key={row.connectorId ?? "none"}>
          <td className="py-2.5">
            {row.connectorId === null ? (
              <span className="text-zinc-500">No connector</span>
            ) : row.name && row.canOpen ? (
              <Link href={`/connectors/${row.connectorId}`} className="text-indigo-600 hover:underline">
                {row.name}
              </Link>
            ) : row.name ? (
              row.name
            ) : (
              <span className="text-zinc-500">Deleted connector</span>
            )}
          </td>
          <td className="py-2.5 text-zinc-600 dark:text-zinc-400">
            {row.scope === "TEAM" ? (
              <>
                <Badge tone="indigo">Team</Badge> {row.teamName}
              </>
            ) : row.scope === "PERSONAL" ? (
              <>
                <Badge>Personal</Badge> {row.ownerEmail}
              </>
            ) : (
              "—"
            )}
          </td>
          <td className="py-2.5">{row.calls}</td>
          <td className="py-2.5">{formatFailures(row.failures, row.calls)}</td>
          <td className="py-2.5">{row.cancelled}</td>
          <td className="py-2.5">{formatDuration(row.p50Ms)}</td>
        </tr>
      ))}
    </Table>
  );
}
