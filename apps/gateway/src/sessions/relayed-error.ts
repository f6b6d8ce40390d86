import { McpError } from "@modelcontextprotocol/sdk/types.js";

/**
 * A JSON-RPC error the session's 1.x SDK server sends with exactly this code, message and data
 * (it sends any thrown error's `code`, `message` and `data`). An McpError's message carries the
 * SDK's "MCP error <code>: " prefix, so rethrowing an upstream's error as one, or letting the
 * upstream client's McpError through, gave the client the connector's words prefixed once more.
 */
export class RelayedError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** The message an McpError was made with, without the prefix its constructor added. */
export function messageOf(error: McpError): string {
  return error.message.replace(/^MCP error -?\d+: /, "");
}

/** Runs a request handler; an McpError it throws (an upstream's, or the gateway's own) goes to the client without the SDK's prefix. */
export async function relayErrors<T>(handle: () => Promise<T>): Promise<T> {
  try {
    return await handle();
  } catch (error) {
    if (error instanceof McpError) throw new RelayedError(error.code, messageOf(error), error.data);
    throw error;
  }
}
