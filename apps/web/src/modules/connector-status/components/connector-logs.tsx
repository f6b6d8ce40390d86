"use client";

import { useEffect, useRef, useState } from "react";
import { Card } from "@/components/ui/card.tsx";

interface LogLine {
  stream: "stdout" | "stderr";
  text: string;
  at: string;
}

const MAX_LINES = 1_000;

/** The container's output, streamed from the runner through the logs route (server-sent events). */
export function ConnectorLogs({ id }: { id: string }) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [connected, setConnected] = useState(false);
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const source = new EventSource(`/api/connectors/${id}/logs`);
    source.onopen = () => {
      setConnected(true);
      // The runner replays its buffer on every connection.
      setLines([]);
    };
    source.onerror = () => setConnected(false);
    source.onmessage = (event: MessageEvent<string>) => {
      const line = JSON.parse(event.data) as LogLine;
      setLines((previous) => [...previous.slice(-(MAX_LINES - 1)), line]);
    };
    return () => source.close();
  }, [id]);

  // A block body: recent Chromium's scrollIntoView returns a promise, which React would take for
  // the effect's cleanup and call (the page crashed with "not a function" on the next line).
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "nearest" });
  }, [lines]);

  return (
    <Card title="Logs" description={connected ? "Live" : "Connecting to the runner…"}>
      <div
        role="log"
        aria-label="Logs"
        className="max-h-96 overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-relaxed text-zinc-200"
      >
        {lines.length === 0 ? <p className="text-zinc-500">No output yet.</p> : null}
        {lines.map((line, index) => (
          <p key={index} className={line.stream === "stderr" ? "text-amber-200" : undefined}>
            <span className="select-none text-zinc-500">{line.at.slice(11, 19)} </span>
            {line.text}
          </p>
        ))}
        <div ref={bottom} />
      </div>
    </Card>
  );
}
