import type { ServerResponse } from "node:http";
import type { LogLine } from "../runtime/log-buffer.ts";
import type { ContainerRuntime } from "../runtime/runtime.ts";

const KEEPALIVE_MS = 15_000;

function toWire(line: LogLine) {
  return { stream: line.stream, text: line.text, at: line.at.toISOString() };
}

export function serveLogSnapshot(runtime: ContainerRuntime, connectorId: string, response: ServerResponse): void {
  response.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  response.end(JSON.stringify({ lines: runtime.readLogs(connectorId).map(toWire) }));
}

/** Server-sent events: the buffered lines, then every new one, until the client goes away. */
export function streamLogs(runtime: ContainerRuntime, connectorId: string, response: ServerResponse): void {
  response.writeHead(200, {
    "Content-Type": "text/event-stream",
    "Cache-Control": "no-store",
    Connection: "keep-alive",
    "X-Accel-Buffering": "no",
  });
  const send = (line: LogLine) => response.write(`data: ${JSON.stringify(toWire(line))}\n\n`);
  for (const line of runtime.readLogs(connectorId)) send(line);
  const unsubscribe = runtime.subscribeLogs(connectorId, send);
  const keepalive = setInterval(() => response.write(": keepalive\n\n"), KEEPALIVE_MS);
  response.once("close", () => {
    clearInterval(keepalive);
    unsubscribe();
  });
}
