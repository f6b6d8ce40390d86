import { createHash } from "node:crypto";
import { build } from "esbuild";
import { zipSync } from "fflate";

export const TEST_BUNDLE_SECRET_SETTING = "echo_token";

// A stdio MCP server written with the SDK: `echo` answers with the message, whether its secret
// setting reached it in env and in argv (never the value) and the script's path, which shows
// `${__dirname}` was /app. It takes the secret as a flag too, as some servers only do.
const SERVER_SOURCE = `
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
const server = new McpServer({ name: "bundle-echo", version: "1.0.0" });
server.registerTool("echo", { inputSchema: { message: z.string() } }, async ({ message }) => ({
  content: [{ type: "text", text: [message, process.env.ECHO_TOKEN ? "token-set" : "no-token", process.argv[2] === "--token=" + process.env.ECHO_TOKEN ? "argv-token-set" : "no-argv-token", process.argv[1]].join(" | ") }],
}));
server.connect(new StdioServerTransport());
`;

export interface TestBundle {
  bytes: Uint8Array;
  sha256: string;
  manifest: Record<string, unknown>;
}

/**
 * A real MCP bundle (.mcpb): manifest.json (MCPB 0.3) plus the server above bundled by esbuild into
 * one file, so the zip stays small (no node_modules) and the test image needs nothing but Node.
 */
export async function buildTestBundle(): Promise<TestBundle> {
  const bundled = await build({
    stdin: { contents: SERVER_SOURCE, resolveDir: import.meta.dirname, loader: "js" },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    write: false,
    logLevel: "silent",
  });
  const server = bundled.outputFiles[0]?.contents;
  if (!server) throw new Error("esbuild produced no output");
  const manifest = {
    manifest_version: "0.3",
    name: "bundle-echo",
    version: "1.0.0",
    description: "Echoes a message (Switchboard's MCP bundle test)",
    author: { name: "Switchboard tests" },
    server: {
      type: "node",
      entry_point: "server/index.js",
      mcp_config: {
        command: "node",
        args: ["${__dirname}/server/index.js", `--token=\${user_config.${TEST_BUNDLE_SECRET_SETTING}}`],
        env: { ECHO_TOKEN: `\${user_config.${TEST_BUNDLE_SECRET_SETTING}}` },
      },
    },
    user_config: {
      [TEST_BUNDLE_SECRET_SETTING]: { type: "string", title: "Echo token", sensitive: true, required: true },
    },
  };
  const bytes = zipSync({
    "manifest.json": new TextEncoder().encode(JSON.stringify(manifest, null, 2)),
    "server/index.js": server,
  });
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex"), manifest };
}
