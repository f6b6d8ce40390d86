"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { InlineError } from "@/components/ui/inline-error.tsx";
import { Table } from "@/components/ui/table.tsx";
import { acceptCatalogUpdateAction } from "../catalog-update-actions.ts";
import type { CatalogUpdate } from "../lib/find-catalog-update.ts";

/**
 * An admin changed what this connector runs or signs in with. Nothing changes for the connector
 * until someone who manages it reads the diff and accepts it.
 */
export function CatalogUpdateCard({
  connectorId,
  update,
  canAccept,
}: {
  connectorId: string;
  update: CatalogUpdate;
  canAccept: boolean;
}) {
  const [state, action, pending] = useActionState(acceptCatalogUpdateAction, null);
  return (
    <Card
      title="Update available"
      description={`The catalog entry changed how this connector runs or signs in (revision ${update.revision}). It keeps running as installed until ${canAccept ? "you accept" : "its owner or a team admin accepts"} the change.`}
    >
      <Table columns={["Field", "Installed", "New"]} aria-label="Changed fields">
        {update.changes.map((change) => (
          <tr key={change.field} className="align-top">
            <td className="py-2 pr-4 font-mono text-xs">{change.field}</td>
            <td className="py-2 pr-4 font-mono text-xs break-all text-red-700 dark:text-red-400">
              {change.before ?? "—"}
            </td>
            <td className="py-2 font-mono text-xs break-all text-green-700 dark:text-green-400">
              {change.after ?? "—"}
            </td>
          </tr>
        ))}
      </Table>
      {canAccept ? (
        <form action={action} className="mt-4 flex items-center gap-3">
          <input type="hidden" name="connectorId" value={connectorId} />
          <input type="hidden" name="revision" value={update.revision} />
          <Button type="submit" disabled={pending}>
            {pending ? "Accepting…" : "Accept update"}
          </Button>
          <InlineError error={state && !state.ok ? state.error : null} />
        </form>
      ) : null}
    </Card>
  );
}
