import { createHash } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { parseCatalogEntry } from "@switchboard/catalog";
import { findClientRegistration, readOAuthCredential } from "@switchboard/db/credentials";
import { createTestPrisma, createTestSecretBox, resetDatabase, seedUser } from "@switchboard/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toCatalogRow } from "@/modules/catalog/lib/catalog-row.ts";
import { completeConnectorAuthorization } from "@/modules/connectors/lib/complete-connector-authorization.ts";
import { installConnector } from "@/modules/connectors/lib/install-connector.ts";
import type { OAuthDependencies } from "@/modules/connectors/lib/oauth-dependencies.ts";
import type { Actor } from "@/server/authz.ts";
import { createTestOAuthDependencies, TEST_REDIRECT_URI } from "./support/oauth-dependencies.ts";
import { startSdkExampleServer, type SdkExampleServer } from "./support/sdk-example-server.ts";

// The "against the MCP SDK's OAuth-protected example server for remote MCP with DCR":
// the real install and callback functions, with nothing of the example server stubbed.

const prisma = createTestPrisma();
const box = createTestSecretBox();
const redirectUri = TEST_REDIRECT_URI;
const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "test", version: "1" } },
};

let example: SdkExampleServer;
let deps: OAuthDependencies;
const logs: string[] = [];
const enqueued: string[] = [];

type User = Awaited<ReturnType<typeof seedUser>>;
let alice: User;
let bob: User;

const actor = (user: User): Actor => ({ id: user.id, isInstanceAdmin: user.isInstanceAdmin });

async function seedRemoteDcrEntry(id: string, url: string) {
  const entry = parseCatalogEntry({
    schemaVersion: 1,
    id,
    source: "custom",
    name: `Entry ${id}`,
    server: { type: "remote", url },
    auth: { kind: "remote_mcp_dcr" },
  });
  await prisma.catalogEntry.create({ data: toCatalogRow(entry) });
}

async function latestConnector() {
  return prisma.connector.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
}

/** The example's /authorize approves at once and redirects to our callback with code and state. */
async function approve(authorizationUrl: string): Promise<URL> {
  const response = await fetch(authorizationUrl, { redirect: "manual" });
  expect(response.status, example.output()).toBe(302);
  return new URL(response.headers.get("location") ?? "");
}

async function installAndAuthorize(user: User) {
  const authorizationUrl = new URL(
    await installConnector(deps, actor(user), { slug: "sdk-example", scope: "personal", settings: {} }),
  );
  const connector = await latestConnector();
  const callbackUrl = await approve(authorizationUrl.toString());
  const location = await completeConnectorAuthorization(deps, actor(user), callbackUrl.searchParams);
  return { authorizationUrl, callbackUrl, connector, location };
}

function postInitialize(headers: Record<string, string> = {}) {
  return fetch(example.mcpUrl, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(INITIALIZE),
  });
}

beforeAll(async () => {
  await resetDatabase(prisma);
  example = await startSdkExampleServer();
  // The example names itself `localhost` in its metadata; 127.0.0.1 is listed for the mismatch test below.
  deps = createTestOAuthDependencies(prisma, box, [...example.hosts, `127.0.0.1:${example.mcpPort}`], {
    enqueueStart: async (connector) => void enqueued.push(connector.id),
    log: { warn: (details, message) => void logs.push(`${message} ${JSON.stringify(details)}`) },
  });
  [alice, bob] = await Promise.all([
    seedUser(prisma, { email: "alice@example.test" }),
    seedUser(prisma, { email: "bob@example.test" }),
  ]);
  await seedRemoteDcrEntry("sdk-example", example.mcpUrl);
  await seedRemoteDcrEntry("sdk-example-by-ip", `http://127.0.0.1:${example.mcpPort}/mcp`);
});

afterAll(async () => {
  await example?.close();
  await prisma.$disconnect();
});

describe("remote MCP with DCR against the MCP SDK's OAuth example server", () => {
  it("discovers, registers, authorizes with PKCE and resource, and the stored token opens the server", async () => {
    const { authorizationUrl, callbackUrl, connector, location } = await installAndAuthorize(alice);

    // Discovery (RFC 9728 → RFC 8414) led to the example's own authorization endpoint.
    expect(`${authorizationUrl.origin}${authorizationUrl.pathname}`).toBe(new URL("authorize", example.issuer).href);
    const params = authorizationUrl.searchParams;
    const flow = await prisma.authorizationFlow.findFirstOrThrow({ where: { connectorId: connector.id } });
    const verifier = box.open(flow.codeVerifierCiphertext, {
      table: "AuthorizationFlow",
      column: "codeVerifierCiphertext",
      rowId: flow.id,
    });
    expect(Object.fromEntries(params)).toMatchObject({
      response_type: "code",
      redirect_uri: redirectUri,
      code_challenge_method: "S256",
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      resource: example.mcpUrl,
      // No scopes in the entry: the resource's scopes_supported.
      scope: "mcp:tools",
    });

    // One dynamic registration, its secret stored only as ciphertext.
    const rows = await prisma.clientRegistration.findMany();
    expect(rows).toHaveLength(1);
    const registration = await findClientRegistration(prisma, box, { id: rows[0]?.id ?? "" });
    expect(registration).toMatchObject({
      issuer: example.issuer,
      redirectUri,
      clientId: params.get("client_id"),
      tokenEndpointAuthMethod: "client_secret_post",
    });
    expect(registration?.clientSecret).toEqual(expect.any(String));
    expect(JSON.stringify(rows[0])).not.toContain(registration?.clientSecret);

    // The callback carried our state back, and the real callback function redeemed the code.
    expect(`${callbackUrl.origin}${callbackUrl.pathname}`).toBe(redirectUri);
    expect(callbackUrl.searchParams.get("state")).toBe(params.get("state"));
    expect(location, logs.join("\n")).toBe(`/connectors/${connector.id}`);
    expect((await latestConnector()).status).toBe("QUEUED");
    expect(enqueued).toContain(connector.id);

    // Stored encrypted: the raw row holds ciphertext only.
    const credential = await readOAuthCredential(prisma, box, connector.id);
    expect(credential).toMatchObject({ status: "ACTIVE", issuer: example.issuer, scope: "mcp:tools" });
    const accessToken = credential?.accessToken ?? "";
    expect(accessToken).not.toBe("");
    expect(credential?.refreshToken).toBeFalsy();
    const [raw] = await prisma.$queryRaw<{ row: string }[]>`
      SELECT row_to_json(c)::text AS row FROM "OAuthCredential" c WHERE "installationId" = ${connector.id}::uuid`;
    expect(raw?.row).toContain("accessTokenCiphertext");
    expect(raw?.row).not.toContain(accessToken);

    // The token is bound to the MCP server (RFC 8707), as the example's introspection reports.
    const introspection = await fetch(new URL("introspect", example.issuer), {
      method: "POST",
      body: new URLSearchParams({ token: accessToken }),
    });
    expect(await introspection.json()).toMatchObject({ active: true, aud: example.mcpUrl, scope: "mcp:tools" });

    // Without the token the server refuses; with it an MCP client lists the tools.
    const anonymous = await postInitialize();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("resource_metadata=");

    const client = new Client({ name: "switchboard-test", version: "1.0.0" });
    const transport = new StreamableHTTPClientTransport(new URL(example.mcpUrl), {
      requestInit: { headers: { authorization: `Bearer ${accessToken}` } },
    });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain("greet");
    } finally {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    }
  });

  it("reuses the stored registration for a second install", async () => {
    const before = await prisma.clientRegistration.findMany();
    expect(before).toHaveLength(1);
    const { authorizationUrl, connector, location } = await installAndAuthorize(bob);
    expect(authorizationUrl.searchParams.get("client_id")).toBe(before[0]?.clientId);
    expect(location, logs.join("\n")).toBe(`/connectors/${connector.id}`);
    expect(await readOAuthCredential(prisma, box, connector.id)).toMatchObject({ status: "ACTIVE" });
    expect(await prisma.clientRegistration.findMany()).toEqual(before);
    expect(await prisma.oAuthCredential.count()).toBe(2);
  });

  it("refuses the server under another name than its metadata's resource, storing nothing", async () => {
    // The example publishes `http://localhost:<port>/mcp` as its resource; reached as 127.0.0.1 the
    // metadata names a different origin, which RFC 9728 §3.3 requires a client to reject.
    const before = { connectors: await prisma.connector.count(), flows: await prisma.authorizationFlow.count() };
    await expect(
      installConnector(deps, actor(alice), { slug: "sdk-example-by-ip", scope: "personal", settings: {} }),
    ).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/different resource/) });
    expect({ connectors: await prisma.connector.count(), flows: await prisma.authorizationFlow.count() }).toEqual(
      before,
    );
  });
});
