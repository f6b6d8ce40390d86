import type { ComponentProps, ReactNode } from "react";

/**
 * A list table: column headings over the rows passed as children. A heading in `hiddenColumns` is
 * read by screen readers but not shown (a column of buttons needs no visible title, but a name).
 */
export function Table({
  columns,
  hiddenColumns = [],
  children,
  ...table
}: { columns: string[]; hiddenColumns?: string[]; children: ReactNode } & ComponentProps<"table">) {
  // A wide table scrolls inside its card on a narrow screen instead of widening the page.
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" {...table}>
        <thead className="text-xs tracking-wide text-zinc-500 uppercase">
          <tr>
            {columns.map((column, index) => (
              <th key={index} className="py-2 pr-4 font-medium last:pr-0">
                {hiddenColumns.includes(column) ? <span className="sr-only">{column}</span> : column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">{children}</tbody>
      </table>
    </div>
  );
}
