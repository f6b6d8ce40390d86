import { Table } from "@/components/ui/table.tsx";
import type { UserUsageRow } from "../lib/list-instance-usage.ts";
import { formatFailures } from "./format-usage.ts";

/** Calls per person, busiest first. */
export function UserUsageTable({ rows }: { rows: UserUsageRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-zinc-500">No calls through the gateway in this period.</p>;
  return (
    <Table columns={["Person", "Calls", "Failures", "Cancelled"]} aria-label="Usage per person">
      {rows.map((row) => (
        <tr key={row.userId}>
          <td className="py-2.5">
            {row.email ? (
              <>
                {row.name ?? row.email}
                {row.name ? <p className="text-xs text-zinc-500">{row.email}</p> : null}
              </>
            ) : (
              <span className="text-zinc-500">Deleted account</span>
            )}
          </td>
          <td className="py-2.5">{row.calls}</td>
          <td className="py-2.5">{formatFailures(row.failures, row.calls)}</td>
          <td className="py-2.5">{row.cancelled}</td>
        </tr>
      ))}
    </Table>
  );
}
