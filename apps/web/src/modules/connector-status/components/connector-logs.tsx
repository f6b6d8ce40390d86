"use client";

import { useEffect, useRef, useState } from "react";
import { Card } from "@/components/ui/card.tsx";

interface LogLine {
  stream: "stdout" | "stderr";
  text: string;
  at: string;
}

const MAX_LINES = 1_000;

type Connection = "connecting" | "live" | "unavailable";

const DESCRIPTIONS: Record<Connection, string> = {
  connecting: "Connecting to the runner…",
  live: "Live",
  unavailable: "The logs could not be loaded. Reload the page to try again.",
};

/** The container's output, streamed from the runner through the logs route (server-sent events). */
export function ConnectorLogs({ id }: { id: string }) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [connection, setConnection] = useState<Connection>("connecting");
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const source = new EventSource(`/api/connectors/${id}/logs`);
    source.onopen = () => {
      setConnection("live");
      // The runner replays its buffer on every connection.
      setLines([]);
    };
    // EventSource retries a dropped stream by itself, but gives up for good on an error answer
    // (the runner unreachable, access refused): only then is "connecting" no longer true.
    source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? "unavailable" : "connecting");
    source.onmessage = (event: MessageEvent<string>) => {
      const line = JSON.parse(event.data) as LogLine;
      setLines((previous) => [...previous.slice(-(MAX_LINES - 1)), line]);
    };
    return () => source.close();
  }, [id]);

  // The box follows new lines by its own scroll position; scrollIntoView would also scroll the page
  // down to the logs, away from the status and tools the reader is looking at.
  useEffect(() => {
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines]);

  return (
    <Card title="Logs" description={DESCRIPTIONS[connection]}>
      <div
        ref={box}
        role="log"
        aria-label="Logs"
        // Focusable, so keyboard users can scroll a long log with the arrow keys.
        tabIndex={0}
        className="max-h-96 overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-relaxed text-zinc-200 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        {lines.length === 0 ? <p className="text-zinc-400">No output yet.</p> : null}
        {lines.map((line, index) => (
          <p key={index} className={line.stream === "stderr" ? "text-amber-200" : undefined}>
            <span className="select-none text-zinc-400">{line.at.slice(11, 19)} </span>
            {line.text}
          </p>
        ))}
      </div>
    </Card>
  );
}
