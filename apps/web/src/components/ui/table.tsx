import type { ComponentProps, ReactNode } from "react";

/** A list table: column headings over the rows passed as children (an empty heading leaves a column unnamed). */
export function Table({
  columns,
  children,
  ...table
}: { columns: string[]; children: ReactNode } & ComponentProps<"table">) {
  // A wide table scrolls inside its card on a narrow screen instead of widening the page.
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" {...table}>
        <thead className="text-xs tracking-wide text-zinc-500 uppercase">
          <tr>
            {columns.map((column, index) => (
              <th key={index} className={column ? "py-2 pr-4 font-medium last:pr-0" : "py-2"}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">{children}</tbody>
      </table>
    </div>
  );
}
