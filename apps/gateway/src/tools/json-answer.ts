import type { OutgoingHttpHeaders, ServerResponse } from "node:http";

/** A JSON object (not an array, not null): what a JSON-RPC message and its params must be. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Aborted when the client goes away before its answer is complete: the upstream call is then cancelled. */
export function abortWhenClientLeaves(response: ServerResponse): AbortController {
  const controller = new AbortController();
  response.once("close", () => {
    if (!response.writableFinished) controller.abort(new Error("The client went away."));
  });
  return controller;
}

/** One JSON-RPC answer as a single JSON body with its length, the whole exchange (no event stream). */
export function writeJsonAnswer(response: ServerResponse, json: string, headers: OutgoingHttpHeaders = {}): void {
  response
    .writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(json), ...headers })
    .end(json);
}
