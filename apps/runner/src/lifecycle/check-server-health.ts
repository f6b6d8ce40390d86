import { setTimeout as sleep } from "node:timers/promises";
import { checkHealth, checkHttpHealth, type HealthReport } from "@switchboard/mcp-bridge";
import type { ContainerStatus } from "../runtime/runtime.ts";
import type { RunnerContext } from "./runner-context.ts";

const HEALTH_TIMEOUT_MS = 30_000;
const HTTP_POLL_MS = 200;

/**
 * initialize + tools/list against a started container. Stdio servers are checked through their
 * bridge (a second attach would compete for the server's stdout); HTTP servers once they listen.
 */
export async function checkContainerHealth(
  ctx: RunnerContext,
  container: ContainerStatus,
  headers: Record<string, string>,
): Promise<HealthReport> {
  if (container.httpUrl) return checkHttpHealthWhenListening(container.httpUrl, headers);
  const bridge = await ctx.bridges.ensure(container.connectorId, container.containerId);
  return checkHealth(await bridge.openSession(), { timeoutMs: HEALTH_TIMEOUT_MS });
}

/** A container's HTTP server needs a moment to listen after start; connection refusals are retried until the deadline. */
export async function checkHttpHealthWhenListening(
  url: string,
  headers: Record<string, string>,
): Promise<HealthReport> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  for (;;) {
    try {
      return await checkHttpHealth(url, { timeoutMs: Math.max(1_000, deadline - Date.now()) }, headers);
    } catch (error) {
      if (Date.now() + HTTP_POLL_MS >= deadline || !isConnectionRefused(error)) throw error;
      await sleep(HTTP_POLL_MS);
    }
  }
}

function isConnectionRefused(error: unknown): boolean {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    if ("code" in cause && (cause.code === "ECONNREFUSED" || cause.code === "ECONNRESET")) return true;
    if (/fetch failed|ECONNREFUSED|socket hang up/i.test(cause.message)) return true;
  }
  return false;
}
