import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import {
  findClientRegistration,
  readOAuthCredentialById,
  saveClientRegistration,
  saveOAuthCredential,
} from "@switchboard/db/credentials";
import { SecretBox } from "@switchboard/db/crypto";
import {
  createTestKeys,
  createTestPrisma,
  resetDatabase,
  seedCatalogEntry,
  seedUser,
  testDatabaseUrl,
} from "@switchboard/db/testing";
import { createGuardedFetch, type GuardedFetch } from "@switchboard/oauth";
import {
  sendJson,
  startLocalHttpServer,
  startTestProvider,
  type LocalHttpServer,
  type TestProvider,
} from "@switchboard/oauth/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { computeRefreshDueAt, CredentialRefreshError, refreshCredential, type RefreshPolicy } from "../src/index.ts";
import { seedOAuthCredential } from "../src/testing/index.ts";

const ACCESS_TOKEN_TTL_S = 4;
const keys = createTestKeys();
const box = new SecretBox(keys);
// Two database clients: two "runners" as far as single flight and row locks are concerned.
const prismaA = createTestPrisma();
const prismaB = createTestPrisma();
const CHILD_SCRIPT = fileURLToPath(new URL("./refresh-in-child-process.ts", import.meta.url));

let provider: TestProvider;
let fetch: GuardedFetch;
let seed: { catalogEntryId: string; ownerUserId: string };
const grants = { refreshed: 0, failed: 0 };

beforeAll(async () => {
  await resetDatabase(prismaA);
  provider = await startTestProvider({ accessTokenTtl: ACCESS_TOKEN_TTL_S });
  fetch = createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: [provider.host] });
  type GrantContext = { oidc: { params?: { grant_type?: unknown } } };
  const isRefresh = (ctx: GrantContext) => ctx.oidc.params?.grant_type === "refresh_token";
  provider.provider.on("grant.success", (ctx: GrantContext) => void (isRefresh(ctx) && grants.refreshed++));
  provider.provider.on("grant.error", (ctx: GrantContext) => void (isRefresh(ctx) && grants.failed++));
  const user = await seedUser(prismaA);
  seed = { catalogEntryId: (await seedCatalogEntry(prismaA)).id, ownerUserId: user.id };
});

beforeEach(() => {
  grants.refreshed = 0;
  grants.failed = 0;
});

afterAll(async () => {
  await provider.close();
  await Promise.all([prismaA.$disconnect(), prismaB.$disconnect()]);
});

/** Makes the stored token look old enough to be due now; the provider still considers it valid. */
async function makeDue(credentialId: string) {
  await prismaA.oAuthCredential.update({
    where: { id: credentialId },
    data: { issuedAt: new Date(Date.now() - 60_000), expiresAt: new Date(Date.now() + 2_000) },
  });
}

async function isValidAtProvider(accessToken: string): Promise<boolean> {
  const token = await provider.provider.AccessToken.find(accessToken);
  return token !== undefined && !token.isExpired;
}

function digest(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/** Starts a refresher in its own process; `go()` lets it refresh and resolves with what it printed. */
async function startChildRefresher(credentialId: string, mode: "refresh" | "crash") {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD_SCRIPT], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  const output = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const settings = {
    databaseUrl: testDatabaseUrl,
    keys: keys.map(({ id, key }) => ({ id, key: key.toString("base64") })),
    credentialId,
    providerHost: provider.host,
    mode,
  };
  child.stdin.write(`${JSON.stringify(settings)}\n`);
  expect((await output.next()).value).toBe("ready");
  return {
    exited,
    async go() {
      child.stdin.write("go\n");
      const line = await output.next();
      return line.done
        ? undefined
        : (JSON.parse(String(line.value)) as { refreshed: boolean; version: number; accessTokenDigest: string });
    },
  };
}

describe("refreshCredential against oidc-provider with rotating refresh tokens", () => {
  it("keeps the connection alive across six refresh cycles, refreshing only when due", async () => {
    const policy: RefreshPolicy = { marginMs: 60_000, marginRatio: 0.5, unstatedLifetimeMs: 0 };
    const { credentialId } = await seedOAuthCredential(prismaA, box, provider, seed);
    let current = await readOAuthCredentialById(prismaA, box, credentialId);
    for (let cycle = 1; cycle <= 6; cycle++) {
      if (!current) throw new Error("credential vanished");
      const early = await refreshCredential(prismaA, box, credentialId, { fetch, policy });
      expect(early.refreshed).toBe(false);

      const dueAt = computeRefreshDueAt({ ...current, hasRefreshToken: true }, policy);
      await sleep(Math.max(0, (dueAt?.getTime() ?? 0) - Date.now()));
      // Refreshing a margin before expiry: the old token is still good while the new one is fetched.
      expect(await isValidAtProvider(current.accessToken)).toBe(true);
      const { credential, refreshed } = await refreshCredential(prismaA, box, credentialId, { fetch, policy });
      expect(refreshed).toBe(true);
      expect(credential).toMatchObject({ status: "ACTIVE", version: current.version + 1 });
      expect(credential.refreshToken).not.toBe(current.refreshToken);
      expect(await isValidAtProvider(credential.accessToken)).toBe(true);
      current = await readOAuthCredentialById(prismaA, box, credentialId);
      expect(current?.accessToken).toBe(credential.accessToken);
    }
    expect(grants).toEqual({ refreshed: 6, failed: 0 });
    expect(await prismaA.oAuthCredential.findUnique({ where: { id: credentialId } })).toMatchObject({
      failureCount: 0,
      lastError: null,
      lastRefreshedAt: expect.any(Date),
    });
  }, 40_000);

  it("lets 4 concurrent refreshers in 3 database clients and 2 processes cause exactly one refresh", async () => {
    const { credentialId } = await seedOAuthCredential(prismaA, box, provider, seed);
    await makeDue(credentialId);
    const before = await readOAuthCredentialById(prismaA, box, credentialId);
    const child = await startChildRefresher(credentialId, "refresh");

    const [fromChild, firstA, secondA, fromB] = await Promise.all([
      child.go(),
      refreshCredential(prismaA, box, credentialId, { fetch }),
      refreshCredential(prismaA, box, credentialId, { fetch }),
      refreshCredential(prismaB, box, credentialId, { fetch }),
    ]);
    expect(await child.exited).toEqual([0, null]);

    expect(grants).toEqual({ refreshed: 1, failed: 0 });
    const after = await readOAuthCredentialById(prismaA, box, credentialId);
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    expect(fromChild).toMatchObject({ version: after?.version, accessTokenDigest: digest(after?.accessToken ?? "") });
    // Callers in one process share one flight; of the three flights, one refreshed and two found it fresh.
    expect(secondA).toBe(firstA);
    expect([fromChild?.refreshed, firstA.refreshed, fromB.refreshed].filter(Boolean)).toHaveLength(1);
    for (const outcome of [firstA, fromB]) expect(outcome.credential.accessToken).toBe(after?.accessToken);
    // The one refresh left a working grant: its rotated refresh token refreshes again.
    await makeDue(credentialId);
    expect((await refreshCredential(prismaB, box, credentialId, { fetch })).refreshed).toBe(true);
    expect(grants).toEqual({ refreshed: 2, failed: 0 });
  });

  it("marks credential and connector NEEDS_REAUTH, with an audit event, when the grant is revoked", async () => {
    const { credentialId, connectorId, tokens } = await seedOAuthCredential(prismaA, box, provider, seed);
    await provider.revokeGrant(tokens.refreshToken ?? "");
    await makeDue(credentialId);

    const failure = refreshCredential(prismaA, box, credentialId, { fetch });
    await expect(failure).rejects.toBeInstanceOf(CredentialRefreshError);
    await expect(failure).rejects.toMatchObject({ code: "needs_reauth", retryable: false });
    expect(await prismaA.oAuthCredential.findUnique({ where: { id: credentialId } })).toMatchObject({
      status: "NEEDS_REAUTH",
      lastError: expect.stringContaining("revoked"),
    });
    expect(await prismaA.connector.findUnique({ where: { id: connectorId } })).toMatchObject({
      status: "NEEDS_REAUTH",
    });
    expect(await prismaA.auditEvent.findMany({ where: { targetId: connectorId } })).toEqual([
      expect.objectContaining({ action: "credential.needs_reauth", targetType: "installation" }),
    ]);
    // No retry: asking again does not reach the provider.
    await expect(refreshCredential(prismaB, box, credentialId, { fetch })).rejects.toMatchObject({
      code: "needs_reauth",
    });
    expect(grants).toEqual({ refreshed: 0, failed: 1 });
  });

  it("review C: does not send the secret of an admin's client saved without an issuer; asks for it to be saved again", async () => {
    const { credentialId, connectorId, tokens } = await seedOAuthCredential(prismaA, box, provider, seed);
    const { providerClientId } = await prismaA.oAuthCredential.findUniqueOrThrow({ where: { id: credentialId } });
    await prismaA.providerClient.update({ where: { id: providerClientId ?? "" }, data: { issuer: null } });
    await makeDue(credentialId);

    await expect(refreshCredential(prismaA, box, credentialId, { fetch })).rejects.toMatchObject({
      code: "needs_reauth",
      message: expect.stringContaining("an admin must save the OAuth client again"),
    });
    expect(grants).toEqual({ refreshed: 0, failed: 0 });
    expect(await prismaA.connector.findUnique({ where: { id: connectorId } })).toMatchObject({
      status: "NEEDS_REAUTH",
    });
    expect(await isValidAtProvider(tokens.accessToken)).toBe(true);
  });

  it("keeps the stored, still valid credential when the refresher fails after the token response", async () => {
    const { credentialId } = await seedOAuthCredential(prismaA, box, provider, seed);
    await makeDue(credentialId);
    const before = await readOAuthCredentialById(prismaA, box, credentialId);
    const failAfterAnswer: GuardedFetch = Object.assign(
      async (input: string | URL | Request, init?: RequestInit) => {
        await fetch(input, init);
        throw new Error("simulated crash between the token response and the commit");
      },
      { allowInsecureHttp: true },
    );

    await expect(refreshCredential(prismaA, box, credentialId, { fetch: failAfterAnswer })).rejects.toThrow(
      "simulated crash",
    );
    expect(grants.refreshed).toBe(1);
    const after = await readOAuthCredentialById(prismaA, box, credentialId);
    expect(after).toEqual(before);
    expect(await isValidAtProvider(after?.accessToken ?? "")).toBe(true);
    await expectRotationToCostTheGrant(credentialId);
  });

  it("keeps the stored, still valid credential when a refresher process is killed after the token response", async () => {
    const { credentialId } = await seedOAuthCredential(prismaA, box, provider, seed);
    await makeDue(credentialId);
    const before = await readOAuthCredentialById(prismaA, box, credentialId);
    const child = await startChildRefresher(credentialId, "crash");

    expect(await child.go()).toBeUndefined();
    expect(await child.exited).toEqual([null, "SIGKILL"]);
    expect(grants.refreshed).toBe(1);
    // Postgres rolled the dead session's transaction back and released its row lock.
    const after = await readOAuthCredentialById(prismaB, box, credentialId);
    expect(after).toEqual(before);
    expect(await isValidAtProvider(after?.accessToken ?? "")).toBe(true);
    await expectRotationToCostTheGrant(credentialId);
  });

  it("leaves a credential without refresh token ACTIVE until it expires, then asks for re-authorization", async () => {
    const { connectorId, credentialId } = await seedOAuthCredential(prismaA, box, provider, seed);
    const stored = await readOAuthCredentialById(prismaA, box, credentialId);
    if (!stored) throw new Error("credential missing");
    await saveOAuthCredential(prismaA, box, connectorId, {
      ...stored,
      refreshToken: undefined,
      expiresAt: new Date(Date.now() + 1_000),
    });

    const early = await refreshCredential(prismaA, box, credentialId, { fetch });
    expect(early).toMatchObject({ refreshed: false, credential: { status: "ACTIVE" } });
    await sleep(1_100);
    await expect(refreshCredential(prismaA, box, credentialId, { fetch })).rejects.toMatchObject({
      code: "needs_reauth",
      message: expect.stringContaining("no refresh token"),
    });
    expect(grants).toEqual({ refreshed: 0, failed: 0 });
  });
});

describe("finding: a refresh a provider refuses for good in its own words loops as FAILING", () => {
  // Zoom answers a spent refresh token with 400 {"error":"invalid_request","reason":"Invalid Token!"}
  // (devsupport.zoom.us, "Extending the expiration for an OAuth access token"), not invalid_grant.
  // Nothing retries its way out of that: once the access token is used up (or a server rejected
  // it), the connector must say "authorize again" instead of failing every five minutes.
  let zoom: LocalHttpServer;
  let zoomFetch: GuardedFetch;
  const asked = { count: 0 };

  beforeAll(async () => {
    zoom = await startLocalHttpServer((req, res) => {
      asked.count++;
      // GitHub answers a dead refresh token with 200 (docs.github.com, "Refreshing user access tokens").
      if (req.url === "/login/oauth/access_token") return sendJson(res, 200, { error: "bad_refresh_token" });
      if (req.url === "/rotated-secret/token") return sendJson(res, 401, { error: "invalid_client" });
      sendJson(res, 400, { reason: "Invalid Token!", error: "invalid_request" });
    });
    zoomFetch = createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: [provider.host, zoom.host] });
  });

  afterAll(() => zoom.close());

  async function seedZoomLike() {
    return seedOAuthCredential(prismaA, box, provider, { ...seed, tokenEndpoint: `${zoom.url}/oauth/token` });
  }

  it("stays FAILING, for the schedule to try again, while the access token still works", async () => {
    const { credentialId, connectorId } = await seedZoomLike();
    await makeDue(credentialId);
    await expect(refreshCredential(prismaA, box, credentialId, { fetch: zoomFetch })).rejects.toMatchObject({
      code: "refresh_failed",
      retryable: false,
    });
    expect(await prismaA.oAuthCredential.findUnique({ where: { id: credentialId } })).toMatchObject({
      status: "FAILING",
    });
    expect((await prismaA.connector.findUniqueOrThrow({ where: { id: connectorId } })).status).not.toBe("NEEDS_REAUTH");
  });

  it("asks for re-authorization once the access token has expired, and stops asking the provider", async () => {
    const { credentialId, connectorId, tokens } = await seedZoomLike();
    await prismaA.oAuthCredential.update({
      where: { id: credentialId },
      data: { issuedAt: new Date(Date.now() - 120_000), expiresAt: new Date(Date.now() - 1_000) },
    });
    asked.count = 0;
    await expect(refreshCredential(prismaA, box, credentialId, { fetch: zoomFetch })).rejects.toMatchObject({
      code: "needs_reauth",
      message: expect.stringContaining("authorize"),
    });
    const row = await prismaA.oAuthCredential.findUniqueOrThrow({ where: { id: credentialId } });
    expect(row).toMatchObject({ status: "NEEDS_REAUTH" });
    expect(row.lastError).not.toContain(tokens.refreshToken ?? "refresh token missing");
    expect(await prismaA.connector.findUnique({ where: { id: connectorId } })).toMatchObject({
      status: "NEEDS_REAUTH",
    });
    await expect(refreshCredential(prismaB, box, credentialId, { fetch: zoomFetch })).rejects.toMatchObject({
      code: "needs_reauth",
    });
    expect(asked.count).toBe(1);
  });

  it("GitHub's bad_refresh_token in a 200 body asks for re-authorization at once, even before expiry", async () => {
    const { credentialId, connectorId } = await seedOAuthCredential(prismaA, box, provider, {
      ...seed,
      tokenEndpoint: `${zoom.url}/login/oauth/access_token`,
    });
    await makeDue(credentialId);
    await expect(refreshCredential(prismaA, box, credentialId, { fetch: zoomFetch })).rejects.toMatchObject({
      code: "needs_reauth",
    });
    expect(await prismaA.connector.findUnique({ where: { id: connectorId } })).toMatchObject({
      status: "NEEDS_REAUTH",
    });
  });

  it("leaves a rejected client (invalid_client) FAILING for the admin to fix, not NEEDS_REAUTH", async () => {
    const { credentialId, connectorId } = await seedOAuthCredential(prismaA, box, provider, {
      ...seed,
      tokenEndpoint: `${zoom.url}/rotated-secret/token`,
    });
    await prismaA.oAuthCredential.update({
      where: { id: credentialId },
      data: { issuedAt: new Date(Date.now() - 120_000), expiresAt: new Date(Date.now() - 1_000) },
    });
    await expect(refreshCredential(prismaA, box, credentialId, { fetch: zoomFetch })).rejects.toMatchObject({
      code: "refresh_failed",
    });
    expect(await prismaA.oAuthCredential.findUnique({ where: { id: credentialId } })).toMatchObject({
      status: "FAILING",
    });
    expect((await prismaA.connector.findUniqueOrThrow({ where: { id: connectorId } })).status).not.toBe("NEEDS_REAUTH");
  });

  it("finding: a dynamic registration the server forgot (invalid_client) is dropped and the connector asks for re-authorization", async () => {
    // No admin can fix a dynamic registration: re-authorizing registers anew, which needs the
    // stored one gone (it would be reused, and the server would refuse every sign-in with it).
    const { credentialId, connectorId } = await seedOAuthCredential(prismaA, box, provider, {
      ...seed,
      tokenEndpoint: `${zoom.url}/rotated-secret/token`,
    });
    const registration = await saveClientRegistration(prismaA, box, {
      issuer: provider.issuer,
      redirectUri: `https://switchboard.test/api/oauth/callback/${credentialId}`,
      clientId: "forgotten-client",
      clientSecret: "forgotten-secret-0123456789abcdef",
      tokenEndpointAuthMethod: "client_secret_basic",
      redirectUris: ["https://switchboard.test/api/oauth/callback"],
      clientSecretExpiresAt: undefined,
    });
    await prismaA.oAuthCredential.update({
      where: { id: credentialId },
      data: { providerClientId: null, clientRegistrationId: registration.id },
    });
    await makeDue(credentialId);
    await expect(refreshCredential(prismaA, box, credentialId, { fetch: zoomFetch })).rejects.toMatchObject({
      code: "needs_reauth",
      message: expect.stringContaining("no longer knows"),
    });
    expect(await prismaA.connector.findUnique({ where: { id: connectorId } })).toMatchObject({
      status: "NEEDS_REAUTH",
    });
    expect(await findClientRegistration(prismaA, box, { id: registration.id })).toBeUndefined();
  });

  it("asks for re-authorization when the server just rejected the access token", async () => {
    const { credentialId, tokens } = await seedZoomLike();
    await expect(
      refreshCredential(prismaA, box, credentialId, { fetch: zoomFetch, rejectedAccessToken: tokens.accessToken }),
    ).rejects.toMatchObject({ code: "needs_reauth" });
  });
});

describe("finding: Microsoft Entra refused refreshes of a grant for an app's own API", () => {
  it("sends the grant's scopes and no resource with a refresh at Entra's v2.0 token endpoint", async () => {
    // Entra takes a refresh without scope as the app asking a token for itself (AADSTS90009) and
    // refuses a resource beside scopes (AADSTS9010010); see packages/oauth/test/microsoft-entra.test.ts.
    const { credentialId } = await seedOAuthCredential(prismaA, box, provider, {
      ...seed,
      tokenEndpoint: "https://login.microsoftonline.com/organizations/oauth2/v2.0/token",
    });
    const granted = "api://8c9e2f6a-0d1b-4c55-9a3e-2b7f1d0c4e11/user_impersonation";
    await prismaA.oAuthCredential.update({ where: { id: credentialId }, data: { scope: granted } });
    await makeDue(credentialId);
    const asked: URLSearchParams[] = [];
    const entra = Object.assign(
      async (input: string | URL | Request, init?: RequestInit) => {
        asked.push(new URLSearchParams(await new Request(input, init).text()));
        return Response.json({ token_type: "Bearer", scope: granted, expires_in: 3599, access_token: "entra-new" });
      },
      { allowInsecureHttp: false },
    );
    const { credential } = await refreshCredential(prismaA, box, credentialId, { fetch: entra });
    expect(credential).toMatchObject({ accessToken: "entra-new", scope: granted });
    expect(asked.map((form) => [form.get("scope"), form.get("resource")])).toEqual([[granted, null]]);
  });
});

/**
 * What the next refresh does after a lost token response: oidc-provider already rotated, so the
 * stored refresh token was consumed; presenting it again is reuse, which revokes the whole grant.
 * The credential ends in NEEDS_REAUTH (not in a retry loop), once the stored access token is used up.
 */
async function expectRotationToCostTheGrant(credentialId: string) {
  await expect(refreshCredential(prismaA, box, credentialId, { fetch })).rejects.toMatchObject({
    code: "needs_reauth",
  });
  expect(grants.failed).toBe(1);
}
