import type http from "node:http";
import { parseCatalogEntry, type RemoteTransport } from "@switchboard/catalog";
import { createTestPrisma, createTestSecretBox, resetDatabase, seedUser } from "@switchboard/db/testing";
import { startV2StatelessServer } from "@switchboard/gateway/testing";
import { createGuardedStreamingFetch } from "@switchboard/oauth";
import { startLocalHttpServer, type LocalHttpServer } from "@switchboard/oauth/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { toCatalogRow } from "@/modules/catalog/lib/catalog-row.ts";
import { installConnector } from "@/modules/connectors/lib/install-connector.ts";
import type { OAuthDependencies } from "@/modules/connectors/lib/oauth-dependencies.ts";
import { createTestOAuthDependencies } from "./support/oauth-dependencies.ts";

// Issue 14: an entry whose transport cannot be reached says so at install time, not at the first call.
const prisma = createTestPrisma();
const box = createTestSecretBox();
let server: LocalHttpServer;
let deps: OAuthDependencies;
let member: Awaited<ReturnType<typeof seedUser>>;

/** `/sse` is a legacy HTTP+SSE server, `/mcp` a Streamable HTTP one, anything else 404. */
function serve(req: http.IncomingMessage, res: http.ServerResponse) {
  if (req.url === "/sse" && req.method === "GET") {
    res.writeHead(200, { "content-type": "text/event-stream" });
    return void res.write("event: endpoint\ndata: /messages?sessionId=probe\n\n");
  }
  if (req.url === "/sse") return void res.writeHead(405).end();
  if (req.url === "/mcp" && req.method === "POST") {
    res.writeHead(200, { "content-type": "application/json" });
    return void res.end(JSON.stringify({ jsonrpc: "2.0", id: 0, result: { protocolVersion: "2025-11-25", capabilities: {}, serverInfo: { name: "s", version: "1" } } })); // prettier-ignore
  }
  if (req.url === "/mcp") return void res.writeHead(405).end();
  res.writeHead(404).end();
}

async function install(url: string, transport: RemoteTransport) {
  const id = `remote-${Math.random().toString(36).slice(2, 8)}`;
  const entry = parseCatalogEntry({
    schemaVersion: 1,
    id,
    source: "custom",
    name: "Probe target",
    server: { type: "remote", url, transport },
    auth: { kind: "none" },
  });
  await prisma.catalogEntry.create({ data: toCatalogRow(entry) });
  return installConnector(deps, { id: member.id, isInstanceAdmin: false }, { slug: id, scope: "personal", settings: {} }); // prettier-ignore
}

async function refusal(url: string, transport: RemoteTransport): Promise<string> {
  const error: unknown = await install(url, transport).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toMatchObject({ name: "AppError", code: "conflict" });
  expect(await prisma.connector.count()).toBe(0);
  return (error as Error).message;
}

beforeAll(async () => {
  server = await startLocalHttpServer(serve);
  deps = createTestOAuthDependencies(prisma, box, ["127.0.0.1"], {
    probeFetch: createGuardedStreamingFetch({ allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] }),
  });
});

beforeEach(async () => {
  await resetDatabase(prisma);
  member = await seedUser(prisma);
});

afterAll(async () => {
  await server.close();
  await prisma.$disconnect();
});

describe("installing a remote entry checks its server answers on the declared transport", () => {
  it("installs a legacy SSE server declared as sse, and one declared as Streamable HTTP (the gateway falls back)", async () => {
    expect(await install(`${server.url}/sse`, "sse")).toMatch(/^\/connectors\//);
    expect(await install(`${server.url}/sse`, "streamable-http")).toMatch(/^\/connectors\//);
    expect(await install(`${server.url}/mcp`, "streamable-http")).toMatch(/^\/connectors\//);
    expect(await prisma.connector.count()).toBe(3);
  });

  it("installs a server that speaks only MCP 2026-07-28 (it refuses the 2025 initialize with HTTP 400)", async () => {
    const modern = await startV2StatelessServer({ legacy: "reject" });
    try {
      expect(await install(`${modern.url}/mcp`, "streamable-http")).toMatch(/^\/connectors\//);
      expect(modern.seen.map((request) => request.method)).toContain("server/discover");
    } finally {
      await modern.close();
    }
  });

  it("refuses a Streamable HTTP server declared as sse, saying which transport failed", async () => {
    const message = await refusal(`${server.url}/mcp`, "sse");
    expect(message).toContain("legacy HTTP+SSE");
    expect(message).toContain("HTTP 405");
  });

  it("refuses a URL where no MCP server answers, naming the host but not the path", async () => {
    const message = await refusal(`${server.url}/nothing-here?key=secret-value`, "streamable-http");
    expect(message).toContain(`server at ${server.host} answered HTTP 404`);
    expect(message).not.toContain("secret-value");
  });

  it("refuses a server that cannot be reached at all", async () => {
    const closed = await startLocalHttpServer(serve);
    await closed.close();
    expect(await refusal(`${closed.url}/mcp`, "streamable-http")).toContain("could not be reached");
  });
});
