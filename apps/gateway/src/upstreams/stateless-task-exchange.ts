import { CLIENT_CAPABILITIES_META_KEY } from "@modelcontextprotocol/client";

/** The MCP 2026-07-28 tasks extension (SEP-2663): advertised under `capabilities.extensions`, opted into per request. */
export const TASKS_EXTENSION = "io.modelcontextprotocol/tasks";

/**
 * Whether a request's `_meta` says its client takes tasks (the client's capabilities, passed on by
 * the gateway): its answer may be a task (`resultType: "task"`), passed on as the upstream sent it.
 */
export function optsIntoTasks(params: Record<string, unknown>): boolean {
  const meta = params._meta as Record<string, unknown> | undefined;
  const capabilities = meta?.[CLIENT_CAPABILITIES_META_KEY] as { extensions?: Record<string, unknown> } | undefined;
  return capabilities?.extensions?.[TASKS_EXTENSION] !== undefined;
}
