import { createServer } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { PrismaClient } from "@switchboard/db";
import { seedCatalogEntry, seedUser } from "@switchboard/db/testing";
// The runner's real pieces: Docker runtime with the server-everything test image, stdio bridge, bridge endpoint.
import { checkHealth, StdioBridge, StdioContainerTransport } from "@switchboard/mcp-bridge";
import { createTestRuntime } from "@switchboard/runner/testing";
import { closeServer, createGatewayToken, listen, startGatewayOverBridge } from "./gateway-over-bridge.ts";

/** The namespace server-everything's tools get through the gateway (`everything__echo`, …). */
export const EVERYTHING_PREFIX = "everything";

/**
 * The gateway in front of server-everything in a real container: Docker runtime, stdio bridge and
 * bridge endpoint as the runner runs them, and the database rows the web app would have written
 * (user, catalog entry, RUNNING connector with the tools and instructions the server gives, gateway token).
 */
export async function startEverythingGateway(prisma: PrismaClient, databaseUrl: string) {
  const t = await createTestRuntime();
  const user = await seedUser(prisma, { name: "conformance" });
  // A valid stored entry: the gateway reads it through readCatalogEntry, which refuses anything else.
  const entry = await seedCatalogEntry(prisma, `everything-${Date.now().toString(36)}`);
  const connector = await prisma.connector.create({
    data: { catalogEntryId: entry.id, scope: "PERSONAL", ownerUserId: user.id, name: "Everything", status: "STARTING" },
  });
  await t.runtime.ensureStarted(t.createEverythingLaunch(connector.id));
  const bridge = new StdioBridge(new StdioContainerTransport(await t.runtime.attachStdio(connector.id)));
  await bridge.start();
  const { tools, instructions } = await checkHealth(await bridge.openSession());
  const upstream = new Client({ name: "conformance-evidence", version: "1.0.0" });
  await upstream.connect(await bridge.openSession());
  const [{ prompts }, { resources }, { resourceTemplates }] = await Promise.all([
    upstream.listPrompts(),
    upstream.listResources(),
    upstream.listResourceTemplates(),
  ]);
  await upstream.close();
  await prisma.connector.update({
    where: { id: connector.id },
    data: { status: "RUNNING", tools: JSON.parse(JSON.stringify(tools)) as never, instructions: instructions ?? null },
  });

  const stack = await startGatewayOverBridge(prisma, databaseUrl, (id) => (id === connector.id ? bridge : undefined));
  const gatewayUrl = `${stack.gatewayUrl}/mcp`;
  const { token } = await createGatewayToken(prisma, user.id, "conformance");

  return {
    gatewayUrl,
    token,
    /** What server-everything itself offers, read through the bridge (not the gateway). */
    upstream: { tools, instructions, prompts, resources, resourceTemplates },
    async close() {
      await stack.close();
      await bridge.close();
      await t.runtime.remove(connector.id);
    },
  };
}

/**
 * A local HTTP proxy that adds the gateway token, for clients that cannot send headers. Like a
 * reverse proxy in front of a real deployment, it presents its own origin to the gateway as the
 * gateway's public origin; any other Origin passes through unchanged.
 */
export async function startTokenProxy(targetUrl: string, token: string, publicOrigin: string) {
  const target = new URL(targetUrl);
  let ownOrigin = "";
  const proxy = createServer((request, response) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string" && name !== "host" && name !== "connection") headers.set(name, value);
    }
    headers.set("authorization", `Bearer ${token}`);
    if (headers.get("origin") === ownOrigin) headers.set("origin", publicOrigin);
    const hasBody = request.method !== "GET" && request.method !== "HEAD";
    void fetch(new URL(request.url ?? "/", target), {
      method: request.method ?? "GET",
      headers,
      ...(hasBody ? { body: request as unknown as ReadableStream, duplex: "half" } : {}),
    })
      .then(async (upstream) => {
        response.writeHead(upstream.status, Object.fromEntries(upstream.headers));
        if (upstream.body) for await (const chunk of upstream.body) response.write(chunk);
        response.end();
      })
      .catch(() => {
        if (!response.headersSent) response.writeHead(502);
        response.end();
      });
  });
  ownOrigin = await listen(proxy);
  return { url: `${ownOrigin}${target.pathname}`, close: () => closeServer(proxy) };
}
