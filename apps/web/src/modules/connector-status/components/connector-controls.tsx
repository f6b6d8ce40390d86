"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { changeConnectorAction, uninstallConnectorAction } from "../actions.ts";
import type { ConnectorCommand } from "../lib/change-desired-state.ts";

type Result = Awaited<ReturnType<typeof changeConnectorAction>>;

export function ConnectorControls({ id, desiredState }: { id: string; desiredState: "RUNNING" | "STOPPED" }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<Result | null>(null);
  const run = (command: ConnectorCommand) =>
    startTransition(async () => setResult(await changeConnectorAction(id, command)));
  const uninstall = () => {
    if (!window.confirm("Uninstall this connector? Its container and settings are deleted.")) return;
    startTransition(async () => setResult(await uninstallConnectorAction(id)));
  };
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap gap-2">
        {desiredState === "RUNNING" ? (
          <>
            <Button variant="secondary" disabled={pending} onClick={() => run("restart")}>
              Restart
            </Button>
            <Button variant="secondary" disabled={pending} onClick={() => run("stop")}>
              Stop
            </Button>
          </>
        ) : (
          <Button disabled={pending} onClick={() => run("start")}>
            Start
          </Button>
        )}
        <Button variant="danger" disabled={pending} onClick={uninstall}>
          Uninstall
        </Button>
      </div>
      <FormMessage state={result} />
    </div>
  );
}
