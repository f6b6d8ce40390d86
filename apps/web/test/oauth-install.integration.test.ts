import { createHash, randomBytes } from "node:crypto";
import type http from "node:http";
import { inspect } from "node:util";
import { parseCatalogEntry, type CatalogEntryInput } from "@switchboard/catalog";
import {
  findClientRegistration,
  readConnectorSecretConfig,
  readOAuthCredential,
  saveClientRegistration,
} from "@switchboard/db/credentials";
import { createTestPrisma, createTestSecretBox, resetDatabase, seedTeam, seedUser } from "@switchboard/db/testing";
import { createGuardedFetch } from "@switchboard/oauth";
import {
  createEntraStandIn,
  ENTRA_API_SCOPE,
  ENTRA_LOGIN,
  startLocalHttpServer,
  startTestProvider,
  type LocalHttpServer,
  type TestProvider,
} from "@switchboard/oauth/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toCatalogRow } from "@/modules/catalog/lib/catalog-row.ts";
import { completeConnectorAuthorization } from "@/modules/connectors/lib/complete-connector-authorization.ts";
import { installConnector } from "@/modules/connectors/lib/install-connector.ts";
import { uninstallConnector } from "@/modules/connector-status/lib/change-desired-state.ts";
import { listConnectors } from "@/modules/connectors/lib/list-connectors.ts";
import type { OAuthDependencies } from "@/modules/connectors/lib/oauth-dependencies.ts";
import { reauthorizeConnector } from "@/modules/connectors/lib/reauthorize-connector.ts";
import { saveProviderClientSettings } from "@/modules/providers/lib/save-provider-client.ts";
import { changeMemberRole } from "@/modules/teams/lib/change-member-role.ts";
import { removeMember } from "@/modules/teams/lib/remove-member.ts";
import { AUTHORIZER_LEFT_REASON, revokeRetiredCredentials } from "@/modules/teams/lib/retire-member-credentials.ts";
import type { Actor } from "@/server/authz.ts";
import { createWebRateLimits, webRateLimitNames, type WebRateLimitRules } from "@/server/rate-limit/web-rate-limits.ts";
import { createTestOAuthDependencies, TEST_REDIRECT_URI } from "./support/oauth-dependencies.ts";

const prisma = createTestPrisma();
const box = createTestSecretBox();
const redirectUri = TEST_REDIRECT_URI;

let provider: TestProvider;
let mcpServer: LocalHttpServer;
let deps: OAuthDependencies;
const logs: string[] = [];
const locations: string[] = [];
const enqueued: string[] = [];
const secrets = new Set<string>();

type User = Awaited<ReturnType<typeof seedUser>>;
let admin: User;
let alice: User;
let bob: User;

const actor = (user: User): Actor => ({ id: user.id, isInstanceAdmin: user.isInstanceAdmin });

const envDelivery = [{ kind: "env" as const, accessTokenEnvVar: "TOKEN" }];
const localServer = { type: "local", runtime: "node", command: "npx", args: ["-y", "some-server"] } as const;

function entry(id: string, auth: CatalogEntryInput["auth"], overrides: Partial<CatalogEntryInput> = {}) {
  return parseCatalogEntry({
    schemaVersion: 1,
    id,
    source: "custom",
    name: `Entry ${id}`,
    server: localServer,
    auth,
    ...overrides,
  });
}

async function seedEntry(catalogEntry: ReturnType<typeof entry>) {
  await prisma.catalogEntry.create({ data: toCatalogRow(catalogEntry) });
}

async function saveClient(target: string, client: TestProvider["clients"]["basic"], issuer?: string) {
  secrets.add(client.clientSecret ?? "");
  await saveProviderClientSettings(prisma, box, actor(admin), {
    target,
    issuer,
    clientId: client.clientId,
    clientSecret: client.clientSecret ?? "",
    tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
  });
}

async function install(user: User, slug: string, extra: Record<string, unknown> = {}) {
  const location = await installConnector(deps, actor(user), { slug, scope: "personal", settings: {}, ...extra });
  locations.push(location);
  return location;
}

async function callback(user: User, params: URLSearchParams) {
  const location = await completeConnectorAuthorization(deps, actor(user), params);
  locations.push(location);
  return location;
}

/** Installs, consents at the provider and returns the callback's parameters. */
async function installAndConsent(user: User, slug: string, options: { deny?: boolean } = {}) {
  const authorizationUrl = await install(user, slug);
  return (await provider.authorize(authorizationUrl, options)).searchParams;
}

async function latestConnector() {
  return prisma.connector.findFirstOrThrow({ orderBy: { createdAt: "desc" }, include: { credential: true } });
}

async function latestFlow(connectorId: string) {
  return prisma.authorizationFlow.findFirstOrThrow({ where: { connectorId }, orderBy: { createdAt: "desc" } });
}

async function credentialOf(connectorId: string) {
  const credential = await readOAuthCredential(prisma, box, connectorId);
  if (credential) {
    secrets.add(credential.accessToken);
    if (credential.refreshToken) secrets.add(credential.refreshToken);
  }
  return credential;
}

const flowLocation = (id: string) => ({ table: "AuthorizationFlow", column: "codeVerifierCiphertext", rowId: id });

beforeAll(async () => {
  await resetDatabase(prisma);
  provider = await startTestProvider({ redirectUris: [redirectUri] });
  for (const client of Object.values(provider.clients)) if (client.clientSecret) secrets.add(client.clientSecret);
  mcpServer = await startLocalHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url === "/.well-known/oauth-protected-resource/mcp") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ resource: `${mcpServer.url}/mcp`, authorization_servers: [provider.issuer] }));
      return;
    }
    res.writeHead(401, { "www-authenticate": "Bearer" });
    res.end();
  });
  deps = createTestOAuthDependencies(prisma, box, [provider.host, mcpServer.host], {
    enqueueStart: async (connector) => void enqueued.push(connector.id),
    log: { warn: (details, message) => void logs.push(`${message} ${inspect(details, { depth: 5 })}`) },
  });
  [admin, alice, bob] = await Promise.all([
    seedUser(prisma, { isInstanceAdmin: true }),
    seedUser(prisma, { email: "alice@example.test" }),
    seedUser(prisma, { email: "bob@example.test" }),
  ]);
  const oauthFields = { scopes: ["mcp:read", "mcp:write"], defaultScopes: ["mcp:read"] };
  const remote = { server: { type: "remote", url: `${mcpServer.url}/mcp` } } as const;
  await seedEntry(entry("plain", { kind: "none" }));
  await seedEntry(
    entry(
      "keyed",
      { kind: "api_key", fields: ["api_key"] },
      { userConfig: { api_key: { type: "string", title: "API key", secret: true, required: true } } },
    ),
  );
  await seedEntry(
    entry("generic", {
      kind: "oauth2_generic",
      providerId: "test-provider",
      authorizationUrl: `${provider.issuer}/auth`,
      tokenUrl: `${provider.issuer}/token`,
      delivery: envDelivery,
      ...oauthFields,
    }),
  );
  await seedEntry(
    entry("discovered", {
      kind: "mcp_oauth",
      issuer: provider.issuer,
      delivery: envDelivery,
      ...oauthFields,
    }),
  );
  await seedEntry(
    entry("user-scoped", {
      kind: "oauth2_generic",
      providerId: "user-scoped",
      authorizationUrl: `${provider.issuer}/auth`,
      tokenUrl: `${provider.issuer}/token`,
      scopeParameter: "user_scope",
      delivery: envDelivery,
      ...oauthFields,
      defaultScopes: ["mcp:read", "mcp:write"],
    }),
  );
  await seedEntry(entry("remote-static", { kind: "remote_mcp_static", ...oauthFields }, remote));
  await seedEntry(entry("remote-dcr", { kind: "remote_mcp_dcr", ...oauthFields }, remote));
});

afterAll(async () => {
  await provider?.close();
  await mcpServer?.close();
  await prisma.$disconnect();
});

describe("install without OAuth", () => {
  it("queues an entry without auth and sends the user to the connector", async () => {
    const location = await install(alice, "plain");
    const connector = await latestConnector();
    expect(location).toBe(`/connectors/${connector.id}`);
    expect(connector).toMatchObject({ status: "QUEUED", scope: "PERSONAL", ownerUserId: alice.id });
    expect(enqueued).toContain(connector.id);
  });

  it("stores an API key encrypted and reports per-field errors", async () => {
    await expect(install(alice, "keyed")).rejects.toMatchObject({ fieldErrors: { api_key: "required" } });
    const apiKey = `sk_${randomBytes(24).toString("hex")}`;
    secrets.add(apiKey);
    await install(alice, "keyed", { settings: { api_key: apiKey } });
    const connector = await latestConnector();
    expect(connector.status).toBe("QUEUED");
    expect(connector.config).toEqual({});
    expect(await readConnectorSecretConfig(prisma, box, connector.id)).toEqual({ api_key: apiKey });
  });

  it("installs for a team only as a team admin", async () => {
    const team = await seedTeam(prisma, [
      { userId: alice.id, role: "ADMIN" },
      { userId: bob.id, role: "MEMBER" },
    ]);
    await expect(install(bob, "plain", { scope: team.id })).rejects.toMatchObject({ code: "forbidden" });
    await install(alice, "plain", { scope: team.id });
    expect(await latestConnector()).toMatchObject({ scope: "TEAM", teamId: team.id, ownerUserId: null });
  });
});

describe("OAuth install for each auth kind", () => {
  it("refuses an OAuth entry whose client an admin has not configured, storing nothing", async () => {
    const before = await prisma.connector.count();
    await expect(install(alice, "generic")).rejects.toMatchObject({ code: "conflict" });
    expect(await prisma.connector.count()).toBe(before);
  });

  it("finding: an entry asking for user scopes (Slack's user_scope) sends them there, comma-separated, and no scope", async () => {
    await saveClient("provider:user-scoped", provider.clients.basic);
    const params = new URL(await install(alice, "user-scoped")).searchParams;
    expect([params.get("user_scope"), params.has("scope")]).toEqual(["mcp:read,mcp:write", false]);
  });

  it("type 1: static endpoints and a client_secret_basic client", async () => {
    await saveClient("provider:test-provider", provider.clients.basic);
    const authorizationUrl = await install(alice, "generic");
    const url = new URL(authorizationUrl);
    const connector = await latestConnector();
    expect(connector.status).toBe("AWAITING_AUTHORIZATION");
    const flow = await latestFlow(connector.id);
    const verifier = box.open(flow.codeVerifierCiphertext, flowLocation(flow.id));
    secrets.add(verifier);
    expect(url.searchParams.get("code_challenge")).toBe(createHash("sha256").update(verifier).digest("base64url"));
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(flow.stateHash).toBe(
      createHash("sha256")
        .update(url.searchParams.get("state") ?? "")
        .digest("hex"),
    );
    expect(flow.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(10 * 60_000);

    const location = await callback(alice, (await provider.authorize(authorizationUrl)).searchParams);
    expect(location).toBe(`/connectors/${connector.id}`);
    const credential = await credentialOf(connector.id);
    expect(credential).toMatchObject({ status: "ACTIVE", issuer: provider.issuer, scope: "mcp:read" });
    expect(credential?.refreshToken).toEqual(expect.any(String));
    // What a background refresh needs without the flow: the client that obtained the tokens.
    expect(credential?.client).toEqual({ kind: "provider", providerClientId: expect.any(String) });
    expect(credential?.issuedAt).toEqual(expect.any(Date));
    expect((await latestConnector()).status).toBe("QUEUED");
    expect(enqueued).toContain(connector.id);
    expect(
      await prisma.auditEvent.count({ where: { action: "installation.authorized", targetId: connector.id } }),
    ).toBe(1);
  });

  it("type 2: issuer discovery and a client_secret_post client", async () => {
    await saveClient("entry:discovered", provider.clients.post);
    await callback(alice, await installAndConsent(alice, "discovered"));
    const connector = await latestConnector();
    expect(await credentialOf(connector.id)).toMatchObject({
      status: "ACTIVE",
      tokenEndpoint: `${provider.issuer}/token`,
    });
  });

  it("type 3: RFC 9728 discovery from the remote URL sends the resource indicator", async () => {
    await saveClient("entry:remote-static", provider.clients.public, provider.issuer);
    const authorizationUrl = await install(alice, "remote-static");
    expect(new URL(authorizationUrl).searchParams.get("resource")).toBe(`${mcpServer.url}/mcp`);
    await callback(alice, (await provider.authorize(authorizationUrl)).searchParams);
    const credential = await credentialOf((await latestConnector()).id);
    const issued = await provider.provider.AccessToken.find(credential?.accessToken ?? "");
    expect(issued?.aud).toBe(`${mcpServer.url}/mcp`);
  });

  it("type 4: registers dynamically once, stores the registration encrypted and reuses it", async () => {
    await callback(alice, await installAndConsent(alice, "remote-dcr"));
    const first = await latestConnector();
    expect(await credentialOf(first.id)).toMatchObject({ status: "ACTIVE" });
    const registrations = await prisma.clientRegistration.findMany();
    expect(registrations).toHaveLength(1);
    const registration = await findClientRegistration(prisma, box, { id: registrations[0]?.id ?? "" });
    if (registration?.clientSecret) secrets.add(registration.clientSecret);

    await callback(bob, await installAndConsent(bob, "remote-dcr"));
    const second = await latestConnector();
    expect(second.id).not.toBe(first.id);
    expect(await credentialOf(second.id)).toMatchObject({ status: "ACTIVE" });
    expect(await prisma.clientRegistration.findMany()).toEqual(registrations);
  });
});

describe("finding: a remote connector behind Microsoft Entra's /organizations could not be authorized", () => {
  it("discovers the {tenantid} issuer, asks for the API's scopes without a resource, and stores the grant", async () => {
    // Azure DevOps' remote MCP server names this authority (microsoft/azure-devops-mcp#1601).
    const server = "https://mcp.contoso.example/mcp";
    const organizations = `${ENTRA_LOGIN}/organizations/v2.0`;
    const entra = createEntraStandIn({
      "https://mcp.contoso.example/.well-known/oauth-protected-resource/mcp": {
        resource: server,
        authorization_servers: [organizations],
        scopes_supported: [ENTRA_API_SCOPE],
      },
    });
    const entraDeps = { ...deps, fetch: entra.fetch };
    const remote = { server: { type: "remote", url: server } } as const;
    await seedEntry(entry("entra-remote", { kind: "remote_mcp_static" }, remote));
    await saveClient("entry:entra-remote", provider.clients.post, organizations);

    const authorizationUrl = await installConnector(entraDeps, actor(alice), {
      slug: "entra-remote",
      scope: "personal",
      settings: {},
    });
    const asked = new URL(authorizationUrl);
    expect(asked.origin + asked.pathname).toBe(`${ENTRA_LOGIN}/organizations/oauth2/v2.0/authorize`);
    expect([asked.searchParams.get("scope"), asked.searchParams.has("resource")]).toEqual([
      `${ENTRA_API_SCOPE} offline_access`,
      false,
    ]);
    const location = await completeConnectorAuthorization(entraDeps, actor(alice), entra.authorize(authorizationUrl));
    const connector = await latestConnector();
    expect(location).toBe(`/connectors/${connector.id}`);
    expect(await credentialOf(connector.id)).toMatchObject({
      status: "ACTIVE",
      issuer: organizations,
      tokenEndpoint: `${ENTRA_LOGIN}/organizations/oauth2/v2.0/token`,
      resource: undefined,
      scope: ENTRA_API_SCOPE,
    });
    expect(entra.tokenRequests.map((form) => form.has("resource"))).toEqual([false]);
  });
});

describe("finding: a dynamic registration the server no longer accepts blocked every sign-in", () => {
  it("drops a registration refused at the code exchange (invalid_client), so starting again registers anew", async () => {
    await callback(alice, await installAndConsent(alice, "remote-dcr"));
    const [row] = await prisma.clientRegistration.findMany();
    const stored = await findClientRegistration(prisma, box, { id: row?.id ?? "" });
    if (!stored) throw new Error("no registration");
    // The server no longer takes the stored secret (it rotated or forgot the registration).
    await saveClientRegistration(prisma, box, { ...stored, clientSecret: "no-longer-valid-0123456789" });

    const refused = await callback(bob, await installAndConsent(bob, "remote-dcr"));
    expect(new URL(refused, "http://web.test").searchParams.get("reason")).toBe("registration_rejected");
    expect(await prisma.clientRegistration.count()).toBe(0);

    await callback(bob, await installAndConsent(bob, "remote-dcr"));
    expect(await credentialOf((await latestConnector()).id)).toMatchObject({ status: "ACTIVE" });
    const [fresh] = await prisma.clientRegistration.findMany();
    expect(fresh?.clientId).toEqual(expect.any(String));
    expect(fresh?.clientId).not.toBe(stored.clientId);
  });
});

describe("callback security", () => {
  it("refuses a replayed state without changing anything", async () => {
    const params = await installAndConsent(alice, "generic");
    await callback(alice, params);
    const connector = await latestConnector();
    const before = await prisma.oAuthCredential.findUniqueOrThrow({ where: { connectorId: connector.id } });
    expect(await callback(alice, params)).toBe("/connectors?authorization=expired");
    expect(await prisma.oAuthCredential.findUniqueOrThrow({ where: { connectorId: connector.id } })).toEqual(before);
  });

  it("claims a flow once under concurrent callbacks", async () => {
    const params = await installAndConsent(alice, "generic");
    const results = await Promise.all([callback(alice, params), callback(alice, params), callback(alice, params)]);
    const connector = await latestConnector();
    expect(results.filter((location) => location === `/connectors/${connector.id}`)).toHaveLength(1);
    expect(
      await prisma.auditEvent.count({ where: { action: "installation.authorized", targetId: connector.id } }),
    ).toBe(1);
  });

  it("refuses a state from another user's session and leaves the flow usable by its owner", async () => {
    const params = await installAndConsent(alice, "generic");
    const connector = await latestConnector();
    expect(await callback(bob, params)).toBe("/connectors?authorization=wrong_user");
    expect(await prisma.oAuthCredential.count({ where: { connectorId: connector.id } })).toBe(0);
    expect((await latestFlow(connector.id)).consumedAt).toBeNull();
    expect(await callback(alice, params)).toBe(`/connectors/${connector.id}`);
  });

  it("refuses an incorrect or missing PKCE verifier", async () => {
    for (const verifier of [randomBytes(32).toString("base64url"), ""]) {
      const params = await installAndConsent(alice, "generic");
      const connector = await latestConnector();
      const flow = await latestFlow(connector.id);
      await prisma.authorizationFlow.update({
        where: { id: flow.id },
        data: { codeVerifierCiphertext: box.seal(verifier, flowLocation(flow.id)) },
      });
      const location = await callback(alice, params);
      expect(location).toMatch(/^\/catalog\/generic\/install\/error\?reason=(invalid_grant|failed)&connector=/);
      expect(await prisma.oAuthCredential.count({ where: { connectorId: connector.id } })).toBe(0);
      expect((await latestConnector()).status).toBe("AWAITING_AUTHORIZATION");
    }
  });

  it("refuses a code redeemed with another redirect URI", async () => {
    const params = await installAndConsent(alice, "generic");
    const connector = await latestConnector();
    const flow = await latestFlow(connector.id);
    const context = flow.context as Record<string, unknown>;
    await prisma.authorizationFlow.update({
      where: { id: flow.id },
      data: { context: { ...context, redirectUri: "http://127.0.0.1:3999/elsewhere" } as object },
    });
    expect(await callback(alice, params)).toContain("reason=invalid_grant");
    expect(await prisma.oAuthCredential.count({ where: { connectorId: connector.id } })).toBe(0);
  });

  // Issue 12, finding 13: the status is read again after the callback (it used to be asserted on
  // the row read before it, which could not fail).
  it("shows access_denied from the provider as an error page with a fixed message, changing nothing", async () => {
    const params = await installAndConsent(alice, "generic", { deny: true });
    const connector = await latestConnector();
    expect(await callback(alice, params)).toBe(
      `/catalog/generic/install/error?reason=access_denied&connector=${connector.id}`,
    );
    expect(await latestConnector()).toMatchObject({
      id: connector.id,
      status: "AWAITING_AUTHORIZATION",
      credential: null,
    });
  });

  it("keeps return URLs on this origin", async () => {
    for (const returnTo of ["https://evil.example/steal", "//evil.example", "/\\evil.example", "javascript:alert(1)"]) {
      await install(alice, "generic", { returnTo });
      const connector = await latestConnector();
      expect((await latestFlow(connector.id)).returnTo).toBe(`/connectors/${connector.id}`);
    }
    const params = (await provider.authorize(await install(alice, "generic", { returnTo: "/connectors?from=x" })))
      .searchParams;
    expect(await callback(alice, params)).toBe("/connectors?from=x");
  });
});

describe("SSRF guard and hostile servers", () => {
  it.each([
    ["the metadata address", "https://169.254.169.254"],
    ["a loopback port that is not allowlisted", "http://127.0.0.1:9"],
  ])("refuses discovery pointing at %s, storing nothing", async (_name, issuer) => {
    const slug = `ssrf-${new URL(issuer).port || "443"}`;
    await seedEntry(entry(slug, { kind: "mcp_oauth", issuer, delivery: envDelivery }));
    await saveClient(`entry:${slug}`, provider.clients.basic);
    const before = { connectors: await prisma.connector.count(), flows: await prisma.authorizationFlow.count() };
    await expect(install(alice, slug)).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/Could not start the sign-in/),
    });
    expect({ connectors: await prisma.connector.count(), flows: await prisma.authorizationFlow.count() }).toEqual(
      before,
    );
  });

  it("finding 12: members get one generic message whether an internal host resolves or not; admins and logs get the details", async () => {
    const issuers = { loopback: "http://localhost:9", unresolvable: "https://no-such-host.invalid" };
    const memberMessages = new Set<string>();
    for (const [name, issuer] of Object.entries(issuers)) {
      const slug = `finding-12-${name}`;
      await seedEntry(entry(slug, { kind: "mcp_oauth", issuer, delivery: envDelivery }));
      await saveClient(`entry:${slug}`, provider.clients.basic);
      const memberError = await install(alice, slug).catch((error: unknown) => error);
      expect(memberError).toMatchObject({ code: "invalid_input" });
      memberMessages.add((memberError as Error).message);
      await expect(install(admin, slug)).rejects.toThrow(new URL(issuer).hostname);
    }
    expect(memberMessages.size).toBe(1);
    expect([...memberMessages][0]).not.toMatch(/localhost|no-such-host|loopback|private|ENOTFOUND|resolve/i);
    expect(logs.join("\n")).toContain("loopback address");
    expect(logs.join("\n")).toContain("no-such-host.invalid");
  });

  it.each([
    ["oversized", "response_too_large", (res: http.ServerResponse) => res.end("x".repeat(2 * 1024 * 1024))],
    ["malformed", "invalid_token_response", (res: http.ServerResponse) => res.end('{"access_token": ')],
  ])("refuses an %s token response", async (kind, reason, answer) => {
    const hostile = await startLocalHttpServer((req, res) => {
      if (req.url?.startsWith("/.well-known/oauth-authorization-server")) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            issuer: hostile.url,
            authorization_endpoint: `${hostile.url}/authorize`,
            token_endpoint: `${hostile.url}/token`,
            response_types_supported: ["code"],
            code_challenge_methods_supported: ["S256"],
          }),
        );
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      answer(res);
    });
    try {
      const hostileDeps = {
        ...deps,
        fetch: createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: [hostile.host] }),
      };
      const slug = `hostile-${kind}`;
      await seedEntry(entry(slug, { kind: "mcp_oauth", issuer: hostile.url, delivery: envDelivery }));
      await saveClient(`entry:${slug}`, provider.clients.basic);
      const authorizationUrl = await installConnector(hostileDeps, actor(alice), {
        slug,
        scope: "personal",
        settings: {},
      });
      const state = new URL(authorizationUrl).searchParams.get("state") ?? "";
      const location = await completeConnectorAuthorization(
        hostileDeps,
        actor(alice),
        new URLSearchParams({ code: "some-code", state }),
      );
      locations.push(location);
      expect(location).toContain(`reason=${reason}`);
      const connector = await latestConnector();
      expect(connector).toMatchObject({ status: "AWAITING_AUTHORIZATION", credential: null });
    } finally {
      await hostile.close();
    }
  });
});

describe("re-authorization and visibility", () => {
  it("re-authorizes a connector whose grant was revoked, replacing its credential", async () => {
    await callback(alice, await installAndConsent(alice, "generic"));
    const connector = await latestConnector();
    const first = await credentialOf(connector.id);
    await prisma.connector.update({ where: { id: connector.id }, data: { status: "NEEDS_REAUTH" } });

    await expect(reauthorizeConnector(deps, actor(bob), { connectorId: connector.id })).rejects.toMatchObject({
      code: "not_found",
    });
    const authorizationUrl = await reauthorizeConnector(deps, actor(alice), { connectorId: connector.id });
    locations.push(authorizationUrl);
    expect(await callback(alice, (await provider.authorize(authorizationUrl)).searchParams)).toBe(
      `/connectors/${connector.id}`,
    );
    const second = await credentialOf(connector.id);
    expect(second?.accessToken).not.toBe(first?.accessToken);
    expect(second).toMatchObject({ id: first?.id, version: (first?.version ?? 0) + 1, status: "ACTIVE" });
    expect((await latestConnector()).status).toBe("QUEUED");
  });

  it("lists only the user's own and their teams' connectors", async () => {
    const aliceIds = new Set((await listConnectors(prisma, actor(alice))).map((row) => row.id));
    const bobsPersonal = await prisma.connector.findMany({ where: { ownerUserId: bob.id } });
    expect(bobsPersonal.length).toBeGreaterThan(0);
    for (const row of bobsPersonal) expect(aliceIds.has(row.id)).toBe(false);
  });
});

describe("admin provider credentials", () => {
  it("are instance-admin only, keep the secret write-only and audit every change", async () => {
    const input = {
      target: "entry:remote-dcr",
      clientId: "x",
      issuer: provider.issuer,
      tokenEndpointAuthMethod: "none",
    };
    await expect(saveProviderClientSettings(prisma, box, actor(alice), input)).rejects.toMatchObject({
      code: "forbidden",
    });
    await saveProviderClientSettings(prisma, box, actor(admin), { ...input, clientSecret: "first-secret-value" });
    await saveProviderClientSettings(prisma, box, actor(admin), { ...input, clientId: "y" });
    const row = await prisma.providerClient.findFirstOrThrow({ where: { clientId: "y" } });
    expect(row.clientSecretCiphertext).not.toBeNull();
    await saveProviderClientSettings(prisma, box, actor(admin), { ...input, clientId: "y", removeSecret: true });
    expect(
      (await prisma.providerClient.findUniqueOrThrow({ where: { id: row.id } })).clientSecretCiphertext,
    ).toBeNull();
    const events = await prisma.auditEvent.findMany({ where: { targetId: row.id }, orderBy: { at: "asc" } });
    expect(events.map((event) => (event.metadata as { secret: string }).secret)).toEqual([
      "replaced",
      "unchanged",
      "removed",
    ]);
    secrets.add("first-secret-value");
    await prisma.providerClient.delete({ where: { id: row.id } });
  });
});

describe("issue 12: permission re-checks and revocation at the provider", () => {
  type Team = Awaited<ReturnType<typeof seedTeam>>;
  type Credential = NonNullable<Awaited<ReturnType<typeof credentialOf>>>;

  /** A team connector authorized by `user` with their own provider account. */
  async function authorizeTeamConnector(user: User, team: Team) {
    const authorizationUrl = await install(user, "discovered", { scope: team.id });
    await callback(user, (await provider.authorize(authorizationUrl, { accountId: user.email })).searchParams);
    const connector = await latestConnector();
    return { connector, credential: (await credentialOf(connector.id)) as Credential };
  }

  async function liveAtProvider(credential: Credential) {
    return {
      access: (await provider.provider.AccessToken.find(credential.accessToken)) !== undefined,
      refresh: (await provider.provider.RefreshToken.find(credential.refreshToken ?? "")) !== undefined,
    };
  }

  const teamOf = (...admins: User[]) =>
    seedTeam(prisma, [
      { userId: admin.id, role: "OWNER" },
      ...admins.map((user) => ({ userId: user.id, role: "ADMIN" as const })),
    ]);

  it.each(["removed from", "demoted in"])(
    "finding 4: a team admin %s the team during the flow cannot finish it and replace the credential",
    async (change) => {
      const team = await teamOf(alice, bob);
      const { connector, credential } = await authorizeTeamConnector(bob, team);
      const authorizationUrl = await reauthorizeConnector(deps, actor(alice), { connectorId: connector.id });
      locations.push(authorizationUrl);
      const params = (await provider.authorize(authorizationUrl, { accountId: alice.email })).searchParams;
      const membership = { teamId_userId: { teamId: team.id, userId: alice.id } };
      if (change === "removed from") await prisma.membership.delete({ where: membership });
      else await prisma.membership.update({ where: membership, data: { role: "MEMBER" } });

      expect(await callback(alice, params)).toBe(
        `/catalog/discovered/install/error?reason=not_permitted&connector=${connector.id}`,
      );
      expect(await credentialOf(connector.id)).toMatchObject({
        accessToken: credential.accessToken,
        version: credential.version,
        status: "ACTIVE",
      });
      expect(await liveAtProvider(credential)).toEqual({ access: true, refresh: true });
    },
  );

  it("finding 5: OAuth starts and callbacks are rate-limited per user, before any request leaves", async () => {
    const redis = new Redis(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/9");
    try {
      const rules = Object.fromEntries(
        webRateLimitNames.map((name) => [name, { points: name === "oauthCallback" ? 1 : 2, windowSeconds: 300 }]),
      ) as WebRateLimitRules;
      const limited = { ...deps, enforceRateLimit: createWebRateLimits(redis, rules).enforce };
      const user = await seedUser(prisma);
      const start = () =>
        installConnector(limited, actor(user), { slug: "discovered", scope: "personal", settings: {} });
      const first = await start();
      locations.push(first, await start());
      const flows = await prisma.authorizationFlow.count({ where: { userId: user.id } });
      await expect(start()).rejects.toMatchObject({ code: "rate_limited", httpStatus: 429 });
      expect(await prisma.authorizationFlow.count({ where: { userId: user.id } })).toBe(flows);

      const params = (await provider.authorize(first)).searchParams;
      const location = await completeConnectorAuthorization(limited, actor(user), params);
      expect(location).toMatch(/^\/connectors\//);
      await expect(completeConnectorAuthorization(limited, actor(user), params)).rejects.toMatchObject({
        code: "rate_limited",
        retryAfterSeconds: expect.any(Number),
      });
    } finally {
      await redis.quit();
    }
  });

  it("finding 8: uninstalling revokes the grant at the provider (RFC 7009)", async () => {
    await callback(alice, await installAndConsent(alice, "discovered"));
    const connector = await latestConnector();
    const credential = (await credentialOf(connector.id)) as Credential;
    expect(await liveAtProvider(credential)).toEqual({ access: true, refresh: true });

    const removals: string[] = [];
    const uninstallDeps = { ...deps, requestRemoval: async ({ id }: { id: string }) => void removals.push(id) };
    await uninstallConnector(uninstallDeps, actor(alice), connector.id);

    expect(removals).toEqual([connector.id]);
    expect(await liveAtProvider(credential)).toEqual({ access: false, refresh: false });
    expect(await prisma.connector.count({ where: { id: connector.id } })).toBe(0);
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "credential.revoked_at_provider", targetId: connector.id },
    });
    expect(event.metadata).toEqual({ issuer: provider.issuer, reason: "uninstalled", outcome: "revoked" });
  });

  /** Uninstalls alice's fresh "discovered" connector with its provider client changed by `alter` meanwhile. */
  async function uninstallWithProviderClient(alter: (row: { id: string; issuer: string | null }) => Promise<unknown>) {
    await callback(alice, await installAndConsent(alice, "discovered"));
    const connector = await latestConnector();
    const credential = (await credentialOf(connector.id)) as Credential;
    if (credential.client?.kind !== "provider") throw new Error("expected an admin's provider client");
    const original = await prisma.providerClient.findUniqueOrThrow({
      where: { id: credential.client.providerClientId },
    });
    expect(original.issuer).toBe(provider.issuer);
    const removals: string[] = [];
    try {
      await alter(original);
      const uninstallDeps = { ...deps, requestRemoval: async ({ id }: { id: string }) => void removals.push(id) };
      await uninstallConnector(uninstallDeps, actor(alice), connector.id);
    } finally {
      const { issuer, clientSecretCiphertext } = original;
      await prisma.providerClient.update({ where: { id: original.id }, data: { issuer, clientSecretCiphertext } });
    }
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "credential.revoked_at_provider", targetId: connector.id },
    });
    return { connector, credential, removals, outcome: (event.metadata as { outcome: string }).outcome };
  }

  it("review B: uninstall completes when revoking at the provider throws a non-OAuth error", async () => {
    const logged = logs.length;
    const { connector, removals, outcome } = await uninstallWithProviderClient(({ id }) =>
      // A secret sealed for another row: opening it fails (as a rotated-away key or a bad row would).
      prisma.providerClient.update({
        where: { id },
        data: { clientSecretCiphertext: box.seal("x", { table: "ProviderClient", column: "other", rowId: id }) },
      }),
    );
    expect(removals).toEqual([connector.id]);
    expect(outcome).toBe("failed");
    expect(await prisma.connector.count({ where: { id: connector.id } })).toBe(0);
    expect(
      await prisma.auditEvent.count({ where: { action: "installation.uninstalled", targetId: connector.id } }),
    ).toBe(1);
    expect(logs.slice(logged).join("\n")).toContain("token revocation at the provider failed");
  });

  it("review B: uninstall completes when the credential itself cannot be decrypted", async () => {
    await callback(alice, await installAndConsent(alice, "discovered"));
    const connector = await latestConnector();
    const row = await prisma.oAuthCredential.findUniqueOrThrow({ where: { connectorId: connector.id } });
    const elsewhere = { table: "OAuthCredential", column: "other", rowId: row.id };
    await prisma.oAuthCredential.update({
      where: { id: row.id },
      data: { accessTokenCiphertext: box.seal("x", elsewhere) },
    });
    const uninstallDeps = { ...deps, requestRemoval: async () => undefined };
    await uninstallConnector(uninstallDeps, actor(alice), connector.id);

    expect(await prisma.connector.count({ where: { id: connector.id } })).toBe(0);
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "credential.revoked_at_provider", targetId: connector.id },
    });
    expect(event.metadata).toEqual({ issuer: row.issuer, reason: "uninstalled", outcome: "failed" });
  });

  it("review C: a provider client saved without an issuer is not sent to the credential's issuer to revoke", async () => {
    const { connector, credential, outcome } = await uninstallWithProviderClient(({ id }) =>
      prisma.providerClient.update({ where: { id }, data: { issuer: null } }),
    );
    expect(outcome).toBe("unsupported");
    expect(await prisma.connector.count({ where: { id: connector.id } })).toBe(0);
    // Nothing reached the provider: the grant is still live there.
    expect(await liveAtProvider(credential)).toEqual({ access: true, refresh: true });
  });

  it("finding 8: a team admin's re-authorization revokes the colleague's grant it replaces", async () => {
    const team = await teamOf(alice, bob);
    const { connector, credential: bobs } = await authorizeTeamConnector(bob, team);
    const authorizationUrl = await reauthorizeConnector(deps, actor(alice), { connectorId: connector.id });
    locations.push(authorizationUrl);
    const params = (await provider.authorize(authorizationUrl, { accountId: alice.email })).searchParams;
    expect(await callback(alice, params)).toBe(`/connectors/${connector.id}`);

    const alices = (await credentialOf(connector.id)) as Credential;
    expect(alices.accessToken).not.toBe(bobs.accessToken);
    expect(await liveAtProvider(bobs)).toEqual({ access: false, refresh: false });
    expect(await liveAtProvider(alices)).toEqual({ access: true, refresh: true });
  });

  it.each(["leaves the team", "is demoted to member"])(
    "finding 8: when the authorizing admin %s, the team connector needs re-authorization and the grant is revoked",
    async (change) => {
      const team = await teamOf(alice, bob);
      const { connector, credential } = await authorizeTeamConnector(bob, team);
      const { connector: alicesConnector } = await authorizeTeamConnector(alice, team);

      const { retiredConnectorIds } =
        change === "leaves the team"
          ? await removeMember(prisma, actor(bob), team.id, bob.id)
          : await changeMemberRole(prisma, actor(admin), team.id, bob.id, "MEMBER");
      expect(retiredConnectorIds).toEqual([connector.id]);
      await revokeRetiredCredentials(deps, actor(admin), team.id, retiredConnectorIds);

      expect(await prisma.connector.findUniqueOrThrow({ where: { id: connector.id } })).toMatchObject({
        status: "NEEDS_REAUTH",
        statusReason: AUTHORIZER_LEFT_REASON,
      });
      expect(await credentialOf(connector.id)).toMatchObject({ status: "NEEDS_REAUTH" });
      expect(await liveAtProvider(credential)).toEqual({ access: false, refresh: false });
      // The banner on the connectors page names the reason to whoever may re-authorize it.
      const listed = (await listConnectors(prisma, actor(alice))).find((row) => row.id === connector.id);
      expect(listed).toMatchObject({ canManage: true, status: "NEEDS_REAUTH", statusReason: AUTHORIZER_LEFT_REASON });
      // Another admin's connector in the same team is untouched.
      expect(await credentialOf(alicesConnector.id)).toMatchObject({ status: "ACTIVE" });
    },
  );
});

describe("no secret leaks", () => {
  it("keeps tokens, client secrets, verifiers and API keys out of responses, logs and plaintext columns", async () => {
    for (const flow of await prisma.authorizationFlow.findMany()) {
      secrets.add(box.open(flow.codeVerifierCiphertext, flowLocation(flow.id)));
    }
    const known = [...secrets].filter((secret) => secret.length >= 8);
    expect(known.length).toBeGreaterThan(20);
    const tables = await prisma.$queryRawUnsafe<{ tablename: string }[]>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
    );
    const dump: string[] = [];
    for (const { tablename } of tables) {
      const rows = await prisma.$queryRawUnsafe<{ row: string }[]>(
        `SELECT row_to_json(t)::text AS row FROM "${tablename}" t`,
      );
      dump.push(...rows.map((r) => r.row));
    }
    const haystacks = { locations: locations.join("\n"), logs: logs.join("\n"), database: dump.join("\n") };
    for (const [where, text] of Object.entries(haystacks)) {
      const leaked = known.filter((secret) => text.includes(secret));
      expect(leaked, `secrets found in ${where}`).toEqual([]);
    }
  });
});
