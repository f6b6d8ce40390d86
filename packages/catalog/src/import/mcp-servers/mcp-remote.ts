import type { CommandLine } from "./normalize-command.ts";

export interface McpRemoteBridge {
  url: string;
  /** `--header "Name: value"` pairs, in order. */
  headers: Array<[string, string]>;
  transport?: "sse" | "streamable-http";
}

const TRANSPORTS = { "sse-only": "sse", "sse-first": "sse", "http-only": "streamable-http", "http-first": "streamable-http" } as const; // prettier-ignore

/**
 * `npx -y mcp-remote https://… --header "Authorization: Bearer ${TOKEN}"` is a desktop client's
 * stdio bridge to a remote server. Switchboard's gateway speaks to remote servers itself, so the
 * entry becomes the remote server (and the header value an actual header, not an argument).
 * Undefined when the command is not such a bridge or uses flags this does not understand.
 */
export function readMcpRemoteBridge({ command, args }: CommandLine): McpRemoteBridge | undefined {
  const base = command
    .split(/[\\/]/)
    .pop()
    ?.replace(/\.(cmd|exe)$/i, "");
  const rest = [...args];
  if (base !== "mcp-remote") {
    if (base !== "npx" && base !== "pnpx" && base !== "bunx") return undefined;
    while (rest[0]?.startsWith("-")) rest.shift();
    if (!/^mcp-remote(?:@[\w.-]+)?$/.test(rest.shift() ?? "")) return undefined;
  }
  const [url, ...flags] = rest;
  if (url === undefined || !/^https?:\/\//.test(url)) return undefined;
  const bridge: McpRemoteBridge = { url, headers: [] };
  for (let index = 0; index < flags.length; index += 1) {
    const flag = flags[index];
    const value = flags[index + 1];
    if (flag === "--header" && value !== undefined) {
      const at = value.indexOf(":");
      if (at < 1) return undefined;
      bridge.headers.push([value.slice(0, at).trim(), value.slice(at + 1).trim()]);
      index += 1;
    } else if (flag === "--transport" && value !== undefined && Object.hasOwn(TRANSPORTS, value)) {
      bridge.transport = TRANSPORTS[value as keyof typeof TRANSPORTS];
      index += 1;
    } else if (flag === "--allow-http" || flag === "--debug" || flag === "--silent" || /^\d+$/.test(flag ?? "")) {
      continue;
    } else {
      return undefined;
    }
  }
  return bridge;
}
