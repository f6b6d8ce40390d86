import type http from "node:http";
import { parseCatalogEntry } from "@switchboard/catalog";
import { createTestPrisma, createTestSecretBox, resetDatabase, seedUser } from "@switchboard/db/testing";
import {
  startLocalHttpServer,
  startTestProvider,
  type LocalHttpServer,
  type TestProvider,
} from "@switchboard/oauth/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { toCatalogRow } from "@/modules/catalog/lib/catalog-row.ts";
import { completeConnectorAuthorization } from "@/modules/connectors/lib/complete-connector-authorization.ts";
import { installConnector } from "@/modules/connectors/lib/install-connector.ts";
import type { OAuthDependencies } from "@/modules/connectors/lib/oauth-dependencies.ts";
import { saveProviderClientSettings } from "@/modules/providers/lib/save-provider-client.ts";
import type { Actor } from "@/server/authz.ts";
import { createTestOAuthDependencies, TEST_REDIRECT_URI } from "./support/oauth-dependencies.ts";

// Security finding 1: a member-chosen URL host must never receive the admin's OAuth client secret.
const prisma = createTestPrisma();
const box = createTestSecretBox();

let provider: TestProvider;
let attacker: LocalHttpServer;
let deps: OAuthDependencies;
/** Everything the attacker's server was sent: paths, Authorization headers and bodies. */
const received: string[] = [];
let admin: Awaited<ReturnType<typeof seedUser>>;
let member: Awaited<ReturnType<typeof seedUser>>;

const actor = (user: typeof admin): Actor => ({ id: user.id, isInstanceAdmin: user.isInstanceAdmin });

/** Plays a hostile MCP server that names itself as authorization server and records what it gets. */
function serveAttacker(req: http.IncomingMessage, res: http.ServerResponse) {
  let body = "";
  req.on("data", (chunk: Buffer) => (body += chunk.toString()));
  req.on("end", () => {
    const authorization = req.headers.authorization ?? "";
    const basic = authorization.startsWith("Basic ")
      ? Buffer.from(authorization.slice(6), "base64").toString()
      : authorization;
    received.push(`${req.method} ${req.url} ${basic} ${decodeURIComponent(body)}`);
    const json = (value: unknown) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (req.url?.startsWith("/.well-known/oauth-protected-resource")) {
      return json({ resource: `${attacker.url}/mcp`, authorization_servers: [attacker.url] });
    }
    if (req.url === "/.well-known/oauth-authorization-server") {
      return json({
        issuer: attacker.url,
        authorization_endpoint: `${attacker.url}/authorize`,
        token_endpoint: `${attacker.url}/token`,
        code_challenge_methods_supported: ["S256"],
        response_types_supported: ["code"],
      });
    }
    if (req.url === "/token") return json({ access_token: "stolen", token_type: "Bearer", expires_in: 3600 });
    res.writeHead(401, { "www-authenticate": "Bearer" });
    res.end();
  });
}

async function seedTenantEntry(id: string, allowedHosts?: string[]) {
  const entry = parseCatalogEntry({
    schemaVersion: 1,
    id,
    source: "custom",
    name: `Tenant ${id}`,
    server: { type: "remote", url: "http://${user_config.tenant}/mcp", ...(allowedHosts && { allowedHosts }) },
    userConfig: { tenant: { type: "string", title: "Tenant host", required: true } },
    auth: { kind: "remote_mcp_static", scopes: ["mcp:read"] },
  });
  await prisma.catalogEntry.create({ data: toCatalogRow(entry) });
  await saveProviderClientSettings(prisma, box, actor(admin), {
    target: `entry:${id}`,
    clientId: provider.clients.basic.clientId,
    clientSecret: provider.clients.basic.clientSecret,
    tokenEndpointAuthMethod: "client_secret_basic",
    issuer: provider.issuer,
  });
}

/** Installs pointing the tenant host at the attacker and, if that yields a flow, finishes it. */
async function attemptTheft(slug: string) {
  const location = await installConnector(deps, actor(member), {
    slug,
    scope: "personal",
    settings: { tenant: attacker.host },
  });
  const state = new URL(location).searchParams.get("state") ?? "";
  await completeConnectorAuthorization(deps, actor(member), new URLSearchParams({ code: "code", state }));
}

beforeAll(async () => {
  await resetDatabase(prisma);
  provider = await startTestProvider({ redirectUris: [TEST_REDIRECT_URI] });
  attacker = await startLocalHttpServer(serveAttacker);
  deps = createTestOAuthDependencies(prisma, box, [provider.host, attacker.host]);
  [admin, member] = await Promise.all([seedUser(prisma, { isInstanceAdmin: true }), seedUser(prisma)]);
});

beforeEach(() => {
  received.length = 0;
});

afterAll(async () => {
  await provider?.close();
  await attacker?.close();
  await prisma.$disconnect();
});

const secret = () => provider.clients.basic.clientSecret ?? "unset";

describe("finding 1: an admin's OAuth client secret never reaches a server the member chooses", () => {
  it("refuses a setting that moves the URL's host when the admin allowed no hosts, contacting nothing", async () => {
    await seedTenantEntry("tenant-open");
    const error: unknown = await attemptTheft("tenant-open").then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(received.filter((line) => line.includes(secret()))).toEqual([]);
    expect(received).toEqual([]);
    expect(error).toBeInstanceOf(Error);
  });

  it("refuses an authorization server other than the one the admin configured the client for", async () => {
    // The admin allowed a host pattern the attacker's server also matches (e.g. *.example.com).
    await seedTenantEntry("tenant-allowed", [attacker.host]);
    const error: unknown = await attemptTheft("tenant-allowed").then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(received.filter((line) => line.includes(secret()))).toEqual([]);
    expect(received.filter((line) => line.startsWith("POST"))).toEqual([]);
    expect(String(error)).toMatch(/different authorization server/);
  });

  it("finding (low): an admin who points a saved client at another issuer must type its secret again", async () => {
    await seedTenantEntry("tenant-moved", [attacker.host]);
    // An admin (or a stolen admin session) keeps the stored secret ("leave empty to keep") and
    // names the attacker as the issuer the client was registered with.
    const moved: unknown = await saveProviderClientSettings(prisma, box, actor(admin), {
      target: "entry:tenant-moved",
      clientId: provider.clients.basic.clientId,
      tokenEndpointAuthMethod: "client_secret_basic",
      issuer: attacker.url,
    }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    await attemptTheft("tenant-moved").catch(() => undefined);

    expect(received.filter((line) => line.includes(secret()))).toEqual([]);
    expect(moved).toMatchObject({ code: "invalid_input", fieldErrors: { clientSecret: expect.any(String) } });
    // The client still names the issuer its secret was issued by.
    const stored = await prisma.providerClient.findFirstOrThrow({
      where: { catalogEntry: { slug: "tenant-moved" } },
    });
    expect(stored.issuer).toBe(provider.issuer);
  });
});
