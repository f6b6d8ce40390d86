import type { GuardedFetch } from "../ssrf/guarded-fetch.ts";
import { parseBearerChallenge, type BearerChallenge } from "./parse-www-authenticate.ts";

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "switchboard", version: "1" } },
};

/**
 * Sends an unauthenticated MCP `initialize` to learn how the server wants to be authorized.
 * Undefined when it does not answer 401 (it needs no OAuth); an empty challenge when the 401
 * carries no Bearer parameters.
 */
export async function probeAuthChallenge(
  serverUrl: string,
  options: { fetch: GuardedFetch },
): Promise<BearerChallenge | undefined> {
  const response = await options.fetch(serverUrl, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify(INITIALIZE),
  });
  if (response.status !== 401) return undefined;
  return parseBearerChallenge(response.headers.get("www-authenticate")) ?? {};
}
