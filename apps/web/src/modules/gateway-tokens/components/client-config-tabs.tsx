"use client";

import { useRef, useState, type KeyboardEvent } from "react";
import { CopyButton } from "@/components/ui/copy-button.tsx";
import type { buildClientConfigs } from "../lib/client-configs.ts";

type ClientConfig = ReturnType<typeof buildClientConfigs>[number];

/** Which tab a key moves to (WAI-ARIA tabs: arrows wrap, Home and End go to the ends); null for other keys. */
function nextTab(key: string, current: number, count: number): number | null {
  if (key === "ArrowRight") return (current + 1) % count;
  if (key === "ArrowLeft") return (current - 1 + count) % count;
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  return null;
}

/** One tab per MCP client with the configuration that connects it to the gateway. */
export function ClientConfigTabs({ configs }: { configs: ClientConfig[] }) {
  const [shown, setShown] = useState(0);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent) => {
    const next = nextTab(event.key, shown, configs.length);
    if (next === null) return;
    event.preventDefault();
    setShown(next);
    tabs.current[next]?.focus();
  };
  const config = configs[shown];
  return (
    <div>
      <div role="tablist" aria-label="Client configuration" className="flex flex-wrap gap-1" onKeyDown={onKeyDown}>
        {configs.map((candidate, index) => (
          <button
            key={candidate.client}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            id={`client-tab-${index}`}
            role="tab"
            type="button"
            aria-selected={shown === index}
            aria-controls="client-panel"
            tabIndex={shown === index ? 0 : -1}
            onClick={() => setShown(index)}
            className={`rounded-md px-3 py-1.5 text-sm ${shown === index ? "bg-white font-medium shadow-xs dark:bg-zinc-800" : "text-zinc-600 dark:text-zinc-400"}`}
          >
            {candidate.client}
          </button>
        ))}
      </div>
      {config ? (
        <div id="client-panel" role="tabpanel" aria-labelledby={`client-tab-${shown}`} className="mt-2">
          <div className="flex items-center justify-between text-xs text-zinc-600 dark:text-zinc-400">
            <span>{config.file}</span>
            <CopyButton value={config.text} label="Copy config" />
          </div>
          <pre className="mt-2 overflow-x-auto rounded-md bg-zinc-950 p-3 text-xs text-zinc-100">{config.text}</pre>
        </div>
      ) : null}
    </div>
  );
}
