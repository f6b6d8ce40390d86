"use client";

import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge.tsx";
import { Card } from "@/components/ui/card.tsx";
import { ReauthorizeButton } from "@/modules/connectors/components/reauthorize-button.tsx";
import {
  AUTHORIZE_LABELS,
  PROGRESS_STEPS,
  STATUS_LABELS,
  findProgressIndex,
  isFailing,
  toneOf,
} from "../lib/progress-steps.ts";
import type { StatusView } from "../lib/to-status-view.ts";
import { ConnectorControls } from "./connector-controls.tsx";

const POLL_MS = 1_500;

/** Live status, progress steps and tools, refreshed by polling the status route. */
export function ConnectorLive({ id, initial, canManage }: { id: string; initial: StatusView; canManage: boolean }) {
  const [view, setView] = useState(initial);

  useEffect(() => {
    let active = true;
    const refresh = async () => {
      const response = await fetch(`/api/connectors/${id}/status`, { cache: "no-store" }).catch(() => null);
      if (active && response?.ok) setView((await response.json()) as StatusView);
    };
    // A failed poll is simply retried on the next tick.
    const timer = setInterval(() => void refresh().catch(() => undefined), POLL_MS);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, [id]);

  const current = findProgressIndex(view.status);
  const authorizeLabel = canManage ? AUTHORIZE_LABELS[view.status] : undefined;
  return (
    <div className="space-y-8">
      <Card
        title="Status"
        actions={canManage ? <ConnectorControls id={id} desiredState={view.desiredState} /> : undefined}
      >
        <div className="flex flex-wrap items-center gap-3">
          <span role="status" aria-label="Connector status">
            <Badge tone={toneOf(view.status)}>{STATUS_LABELS[view.status]}</Badge>
          </span>
          {view.server ? (
            <span className="text-sm text-zinc-500 dark:text-zinc-400">
              {view.server.name} {view.server.version}
            </span>
          ) : null}
          {view.restartCount > 0 ? <span className="text-xs text-zinc-500">restarted {view.restartCount}×</span> : null}
        </div>
        {current >= 0 ? (
          <ol aria-label="Progress" className="mt-5 grid grid-cols-5 gap-2">
            {PROGRESS_STEPS.map((step, index) => (
              <li
                key={step.status}
                aria-current={index === current ? "step" : undefined}
                className={`border-t-4 pt-2 text-xs font-medium ${
                  index < current || view.status === "RUNNING"
                    ? "border-indigo-600 text-indigo-700 dark:text-indigo-300"
                    : index === current
                      ? "animate-pulse border-indigo-400 text-zinc-900 dark:text-zinc-100"
                      : "border-zinc-200 text-zinc-500 dark:border-zinc-800 dark:text-zinc-400"
                }`}
              >
                {step.label}
              </li>
            ))}
          </ol>
        ) : null}
        {view.statusReason ? (
          <p
            role={toneOf(view.status) === "red" ? "alert" : "status"}
            className="mt-4 rounded-md bg-zinc-50 px-3 py-2 text-sm text-zinc-700 ring-1 ring-inset ring-zinc-200 dark:bg-zinc-950 dark:text-zinc-300 dark:ring-zinc-800"
          >
            {view.statusReason}
          </p>
        ) : null}
        {isFailing(view.status) ? (
          <p className="mt-2 text-sm text-zinc-500 dark:text-zinc-400">
            The server&apos;s own output, under Logs, usually says why.
            {canManage ? " Restart tries again." : " Someone who manages this connector can restart it."}
          </p>
        ) : null}
        {authorizeLabel ? (
          <div className="mt-4">
            <ReauthorizeButton connectorId={id} label={authorizeLabel} />
          </div>
        ) : null}
      </Card>
      <Card title="Tools" description={view.tools.length > 0 ? `${view.tools.length} tools` : undefined}>
        {view.tools.length === 0 ? (
          <p className="text-sm text-zinc-500">Tools appear once the server answered its health check.</p>
        ) : (
          <ul aria-label="Tools" className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {view.tools.map((tool) => (
              <li key={tool.name} className="py-2.5">
                <p className="font-mono text-sm font-medium text-zinc-900 dark:text-zinc-100">{tool.name}</p>
                {tool.description ? (
                  <p className="mt-0.5 text-sm text-zinc-500 dark:text-zinc-400">{tool.description}</p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
