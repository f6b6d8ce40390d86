import { createServer, type IncomingMessage } from "node:http";
import {
  acceptedContent,
  createMcpHandler,
  inputRequired,
  McpServer,
  ResourceTemplate,
} from "@modelcontextprotocol/server";
import { z } from "zod";
import { listen } from "./harness.ts";
import { serveFetchHandler } from "./serve-fetch-handler.ts";

export interface V2StatelessServerOptions {
  /**
   * `"reject"`: a server that speaks only 2026-07-28 (2025 requests, `initialize` included, are
   * answered with the spec's unsupported-version error). Default: the SDK's stateless fallback
   * serves 2025-era clients too.
   */
  legacy?: "reject";
}

/** What the server says about itself on `server/discover` (and initialize). */
export const V2_STATELESS_INSTRUCTIONS = "Call deploy only after echo has answered.";

const confirmation = z.object({ confirm: z.boolean() });
const reviewer = z.object({ name: z.string() });
const passphrase = z.object({ pass: z.string() });

/** The `{ method, params }` of each POST, for tests that check what the gateway sent. */
export interface SeenRequest {
  method: string | undefined;
  version: string | undefined;
  params: Record<string, unknown> | undefined;
  /** The bearer token it came with. */
  token: string | undefined;
}

/**
 * A remote MCP server built on the v2 SDK (`@modelcontextprotocol/server`): stateless 2026-07-28
 * serving through `createMcpHandler` (by default with the SDK's stateless fallback for 2025-era
 * clients: initialize answered per request, no session id; GET and DELETE answered 405). Besides
 * `echo` (which reports one step of progress to a caller that asks) it has `deploy`, a multi round-trip tool that asks for confirmation with an
 * `input_required` result on the modern revision (a declined or cancelled answer: not deployed), `busy`, which asks once to be retried (request
 * state only), `workspace`, which asks for the client's roots and a sampled summary in one round, a prompt, `review`, a prompt that asks who reviews, and `note://vault`, a resource that asks for a passphrase
 * (both `input_required`), a resource and a resource template.
 */
export async function startV2StatelessServer(options: V2StatelessServerOptions = {}) {
  const seenVersions: (string | undefined)[] = [];
  const seen: SeenRequest[] = [];
  const handler = createMcpHandler(
    () => {
      const server = new McpServer(
        { name: "v2-stateless", version: "1.0.0" },
        { instructions: V2_STATELESS_INSTRUCTIONS },
      );
      server.registerTool(
        "echo",
        { description: "Echoes its message", inputSchema: z.object({ message: z.string() }) },
        async ({ message }, ctx) => {
          // A caller that asks for progress gets one step of it on the request's stream.
          const progressToken = ctx.mcpReq._meta?.progressToken;
          if (progressToken !== undefined) {
            await ctx.mcpReq.notify({ method: "notifications/progress", params: { progressToken, progress: 1, total: 1 } }); // prettier-ignore
          }
          return { content: [{ type: "text", text: `v2:${message}` }] };
        },
      );
      server.registerTool(
        "deploy",
        { description: "Deploys after the user confirms", inputSchema: z.object({ env: z.string() }) },
        async ({ env }, ctx) => {
          const reply = ctx.mcpReq.inputResponses?.confirm as { action?: string } | undefined;
          if (reply?.action === "decline" || reply?.action === "cancel") {
            return { content: [{ type: "text", text: `not deployed (${reply.action})` }] };
          }
          const answer = acceptedContent(ctx.mcpReq.inputResponses, "confirm", confirmation);
          if (answer === undefined) {
            return inputRequired({
              inputRequests: {
                confirm: inputRequired.elicit({ message: `Deploy to ${env}?`, requestedSchema: confirmation }),
              },
              requestState: `deploy:${env}`,
            });
          }
          const state = ctx.mcpReq.requestState<string>();
          const text = answer.confirm ? `deployed to ${env} (${state ?? "no state"})` : "cancelled";
          return { content: [{ type: "text", text }] };
        },
      );
      server.registerTool(
        "busy",
        { description: "Asks to be retried once", inputSchema: z.object({}) },
        async (_args, ctx) =>
          ctx.mcpReq.requestState() === undefined
            ? inputRequired({ requestState: "retry" })
            : { content: [{ type: "text", text: "done" }] },
      );
      server.registerTool(
        "workspace",
        { description: "Summarises the client's roots", inputSchema: z.object({}) },
        async (_args, ctx) => {
          const { roots, summary } = (ctx.mcpReq.inputResponses ?? {}) as {
            roots?: { roots: { uri: string }[] };
            summary?: { content: { text?: string } };
          };
          if (!roots || !summary) {
            return inputRequired({
              inputRequests: {
                roots: inputRequired.listRoots(),
                summary: inputRequired.createMessage({
                  messages: [{ role: "user", content: { type: "text", text: "Summarise" } }],
                  maxTokens: 20,
                }),
              },
            });
          }
          const text = `${roots.roots.map((root) => root.uri).join(", ")}: ${summary.content.text ?? ""}`;
          return { content: [{ type: "text", text }] };
        },
      );
      server.registerPrompt(
        "greet",
        { description: "Greets someone", argsSchema: z.object({ who: z.string() }) },
        ({ who }) => ({ messages: [{ role: "user", content: { type: "text", text: `Hello, ${who}` } }] }),
      );
      server.registerPrompt("review", { description: "Asks who reviews, then writes the request" }, (ctx) => {
        const answer = acceptedContent(ctx.mcpReq.inputResponses, "reviewer", reviewer);
        if (answer === undefined) {
          return inputRequired({
            inputRequests: { reviewer: inputRequired.elicit({ message: "Who reviews?", requestedSchema: reviewer }) },
          });
        }
        return { messages: [{ role: "user", content: { type: "text", text: `Review by ${answer.name}` } }] };
      });
      server.registerResource("readme", "note://readme", { mimeType: "text/plain" }, async (uri) => ({
        contents: [{ uri: uri.href, text: "read me" }],
      }));
      server.registerResource("vault", "note://vault", { mimeType: "text/plain" }, async (uri, ctx) => {
        const answer = acceptedContent(ctx.mcpReq.inputResponses, "pass", passphrase);
        if (answer === undefined) {
          return inputRequired({
            inputRequests: { pass: inputRequired.elicit({ message: "Passphrase?", requestedSchema: passphrase }) },
          });
        }
        return { contents: [{ uri: uri.href, text: `opened with ${answer.pass}` }] };
      });
      server.registerResource(
        "note",
        new ResourceTemplate("note://notes/{name}", { list: undefined }),
        { mimeType: "text/plain" },
        async (uri, { name }) => ({ contents: [{ uri: uri.href, text: `note ${String(name)}` }] }),
      );
      return server;
    },
    options.legacy ? { legacy: options.legacy } : {},
  );

  /** Tokens answered 401, as a server does once it revoked them. */
  const rejectedTokens = new Set<string>();
  const bearerOf = (request: IncomingMessage) => /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
  const serve = serveFetchHandler(handler, (request, message) => {
    const version = request.headers["mcp-protocol-version"] as string | undefined;
    seenVersions.push(version);
    if (message) seen.push({ method: message.method, version, params: message.params, token: bearerOf(request) });
  });
  const server = createServer((request, response) => {
    const token = bearerOf(request);
    if (token !== undefined && rejectedTokens.has(token)) return void response.writeHead(401).end();
    serve(request, response);
  });
  const url = await listen(server);
  return {
    url,
    seenVersions,
    seen,
    rejectedTokens,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await handler.close();
    },
  };
}
