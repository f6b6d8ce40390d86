import type { CommandLine } from "./normalize-command.ts";

export interface McpRemoteBridge {
  url: string;
  /** `--header "Name: value"` pairs, in order. */
  headers: Array<[string, string]>;
  transport?: "sse" | "streamable-http";
  /** `--static-oauth-client-info`: a client registered with the server's authorization server. */
  staticClient?: { clientId?: string; hasSecret: boolean };
  /** `--static-oauth-client-metadata`'s `scope`. */
  scopes?: string[];
  /** The bridge's own options (callback host and port, timeouts), as written: the gateway has none of them. */
  ignored: string[];
}

/** Options of the desktop bridge itself, with the number of values each takes. */
const BRIDGE_OPTIONS: Readonly<Record<string, number>> = {
  "--host": 1,
  "--callback-port": 1,
  "--auth-timeout": 1,
  "--resource": 1,
  "--ignore-tool": 1,
  "--enable-proxy": 0,
  "--no-resource": 0,
};

/** A JSON option value; `@file` (read by mcp-remote from the desktop) and broken JSON give `{}`. */
function readJsonOption(value: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}; // prettier-ignore
  } catch {
    return {};
  }
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
  const bridge: McpRemoteBridge = { url, headers: [], ignored: [] };
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
    } else if (flag === "--static-oauth-client-info" && value !== undefined) {
      const info = readJsonOption(value);
      const clientId = typeof info.client_id === "string" ? info.client_id : undefined;
      bridge.staticClient = {
        ...(clientId !== undefined && { clientId }),
        hasSecret: info.client_secret !== undefined,
      };
      index += 1;
    } else if (flag === "--static-oauth-client-metadata" && value !== undefined) {
      const scope = readJsonOption(value).scope;
      if (typeof scope === "string") bridge.scopes = scope.split(/\s+/).filter((item) => item !== "");
      index += 1;
    } else if (flag !== undefined && Object.hasOwn(BRIDGE_OPTIONS, flag)) {
      const count = BRIDGE_OPTIONS[flag] ?? 0;
      bridge.ignored.push([flag, ...flags.slice(index + 1, index + 1 + count)].join(" "));
      index += count;
    } else if (flag === "--allow-http" || flag === "--debug" || flag === "--silent" || /^\d+$/.test(flag ?? "")) {
      continue;
    } else {
      return undefined;
    }
  }
  return bridge;
}
