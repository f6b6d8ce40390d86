// A minimal MCP server on stdio (newline-delimited JSON-RPC, no dependencies) for the release
// journey. Its one tool tells which OAuth access token Switchboard injected by its fingerprint. The
// file is read on every call, so a token the runner rewrote in place after a refresh shows at once.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { FINGERPRINT_TOOL, TOKEN_FILE, fingerprintOf } from "./probe-contract.ts";

interface Request {
  id?: string | number;
  method: string;
  params?: { protocolVersion?: string; name?: string };
}

class MethodNotFound extends Error {
  readonly code = -32601;
}

function answer(request: Request): unknown {
  switch (request.method) {
    case "initialize":
      return {
        protocolVersion: request.params?.protocolVersion ?? "2025-06-18",
        capabilities: { tools: {} },
        serverInfo: { name: "token-probe", version: "1.0.0" },
      };
    case "ping":
      return {};
    case "tools/list":
      return {
        tools: [
          {
            name: FINGERPRINT_TOOL,
            description: "SHA-256 of the OAuth access token Switchboard injected (never the token itself).",
            inputSchema: { type: "object", properties: {} },
          },
        ],
      };
    case "tools/call":
      if (request.params?.name !== FINGERPRINT_TOOL) throw new MethodNotFound(`unknown tool ${request.params?.name}`);
      return { content: [{ type: "text", text: fingerprintOf(readFileSync(TOKEN_FILE, "utf8")) }] };
    default:
      throw new MethodNotFound(`method not found: ${request.method}`);
  }
}

console.error("token-probe ready on stdio");
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === "") continue;
  const request = JSON.parse(line) as Request;
  if (request.id === undefined) continue; // notifications get no answer
  let reply: object;
  try {
    reply = { result: answer(request) };
  } catch (error) {
    const code = error instanceof MethodNotFound ? error.code : -32603;
    reply = { error: { code, message: error instanceof Error ? error.message : String(error) } };
  }
  process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", id: request.id, ...reply })}\n`);
}
