import type { LocalServer } from "../schema/server.ts";

/** `http://localhost:8000/mcp` -> `{ port: 8000, path: "/mcp" }`; the host is the container's own. */
export function toHttpEndpoint(url: string, port?: number): NonNullable<LocalServer["http"]> {
  const parsed = new URL(url);
  const implied = parsed.port === "" ? (parsed.protocol === "https:" ? 443 : 80) : Number(parsed.port);
  return { port: port ?? implied, path: parsed.pathname };
}
