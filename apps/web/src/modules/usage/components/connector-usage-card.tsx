import { Card } from "@/components/ui/card.tsx";
import { Table } from "@/components/ui/table.tsx";
import type { ConnectorUsage } from "../lib/get-connector-usage.ts";
import { formatDuration, formatFailures, formatUsageTime } from "./format-usage.ts";

/** A connector's gateway calls in the window: counts and timings only (arguments and results are never stored). */
export function ConnectorUsageCard({ usage }: { usage: ConnectorUsage }) {
  const title = `Usage, last ${usage.days} days`;
  const description = "Tool calls through the gateway, by everyone who uses this connector.";
  if (usage.lastCallAt === null) {
    return (
      <Card title={title} description={description}>
        <p className="text-sm text-zinc-500">No calls through the gateway yet.</p>
      </Card>
    );
  }
  if (usage.calls === 0) {
    return (
      <Card title={title} description={description}>
        <p className="text-sm text-zinc-500">
          No calls in the last {usage.days} days. Last call {formatUsageTime(usage.lastCallAt)}.
        </p>
      </Card>
    );
  }
  const stats = [
    { label: "Calls", value: String(usage.calls) },
    { label: "Failures", value: formatFailures(usage.failures, usage.calls) },
    { label: "Cancelled", value: String(usage.cancelled) },
    { label: "p50 duration", value: formatDuration(usage.p50Ms) },
    { label: "p95 duration", value: formatDuration(usage.p95Ms) },
    { label: "Last call", value: formatUsageTime(usage.lastCallAt) },
  ];
  return (
    <Card title={title} description={description}>
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3">
        {stats.map((stat) => (
          <div key={stat.label}>
            <dt className="text-xs tracking-wide text-zinc-500 uppercase">{stat.label}</dt>
            <dd className="mt-1 text-sm font-medium text-zinc-900 dark:text-zinc-100">{stat.value}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-6">
        <Table columns={["Tool (top 5)", "Calls"]} aria-label="Calls per tool">
          {usage.tools.map((row) => (
            <tr key={row.tool}>
              <td className="py-2.5 font-mono text-xs">{row.tool}</td>
              <td className="py-2.5">{row.calls}</td>
            </tr>
          ))}
        </Table>
      </div>
    </Card>
  );
}
