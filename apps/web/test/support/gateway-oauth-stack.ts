import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { PrismaClient } from "@switchboard/db";
import {
  createTestSecretBox,
  resetDatabase,
  seedCatalogEntry,
  seedUser,
  testDatabaseUrl,
  testRedisUrl,
} from "@switchboard/db/testing";
import { createGuardedFetch } from "@switchboard/oauth";
import { Redis } from "ioredis";
import { encode } from "next-auth/jwt";
import pino from "pino";
import { afterAll, beforeAll } from "vitest";
import { createProvider } from "@/modules/oauth-server/lib/create-provider.ts";
import type { IdJagGrantOptions } from "@/modules/oauth-server/lib/id-jag-grant.ts";
import { createOidcRateLimits, OIDC_RATE_LIMITS } from "@/modules/oauth-server/lib/oidc-rate-limits.ts";
import { createConsentCsrfToken } from "@/modules/oauth-server/lib/consent-csrf.ts";
import { createOidcRequestHandler } from "@/modules/oauth-server/lib/handle-oidc-request.ts";
import { createSessionUserResolver } from "@/modules/oauth-server/lib/resolve-session-user.ts";
import { loadSigningKeys } from "@/modules/oauth-server/lib/signing-keys.ts";
import { createEchoServer, createGateway, echoTool } from "@switchboard/gateway/testing";
import { StdioBridge, createBridgeHttpHandler } from "@switchboard/mcp-bridge";

export const NEXTAUTH_SECRET = "nextauth-secret-for-gateway-oauth-tests-0123456789";
const CSRF_SECRET = "consent-csrf-secret-for-tests";
const internalToken = "internal-token-for-tests-0123456789";

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
type ConnectorOwner = { scope: "PERSONAL"; ownerUserId: string } | { scope: "TEAM"; teamId: string };

export function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve) =>
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe);
  await close(probe);
  return port;
}

/**
 * A self-signed certificate for 127.0.0.1 (Client ID Metadata Documents must be served over https);
 * P-256, which openssl makes in milliseconds where an RSA key takes a few hundred.
 */
function createLoopbackCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "sb-cimd-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
}

/**
 * Switchboard's authorization server (the same handler Next mounts) and a gateway that trusts it,
 * in front of echo servers behind the runner's real bridge endpoint; plus an https server on
 * 127.0.0.1 for clients' metadata documents (allowed through the SSRF guard by host:port) and a
 * second one that is not allowed.
 */
export async function startGatewayOAuthStack(
  prisma: PrismaClient,
  {
    refreshReuseGraceSeconds = 1,
    /** Hand web and gateway the issuer as `http://127.0.0.1:<port>/`, as an operator may write it. */
    trailingSlashIssuer = false,
    /** Serve MCP at the gateway's bare origin (`http://127.0.0.1:<port>`, no path). */
    bareOriginGateway = false,
    /** Budgets of the provider's endpoints per client address (the production ones by default). */
    oidcRateLimits = OIDC_RATE_LIMITS as Record<string, { points: number; windowSeconds: number }>,
    /** Enterprise-managed authorization: the trusted IdP and the admin switch. */
    idJag = undefined as IdJagGrantOptions | undefined,
  } = {},
) {
  const redis = new Redis(testRedisUrl);
  // Counters outlive a run: each stack counts its clients under addresses of its own.
  const addressPrefix = randomUUID();
  const secretBox = createTestSecretBox();
  const certificate = createLoopbackCertificate();
  const documents = new Map<string, { body: string; status?: number }>();
  const serveDocument: Handler = (request, response) => {
    const document = documents.get(request.url ?? "");
    if (!document) return void response.writeHead(404).end();
    response.writeHead(document.status ?? 200, { "content-type": "application/json" }).end(document.body);
  };
  const metadataServer = createHttpsServer(certificate, serveDocument);
  const metadataPort = await listen(metadataServer);
  const privateMetadataServer = createHttpsServer(certificate, serveDocument);
  const privateMetadataPort = await listen(privateMetadataServer);

  let handleWeb: Handler = (_request, response) => void response.writeHead(503).end();
  const webServer = createServer((request, response) => handleWeb(request, response));
  const webUrl = `http://127.0.0.1:${await listen(webServer)}`;
  const gatewayPort = await freePort();
  const gatewayMcpUrl = `http://127.0.0.1:${gatewayPort}${bareOriginGateway ? "" : "/mcp"}`;
  const configuredIssuer = trailingSlashIssuer ? `${webUrl}/` : webUrl;

  const provider = createProvider({
    prisma,
    secretBox,
    issuer: configuredIssuer,
    gatewayUrl: gatewayMcpUrl,
    signingKeys: await loadSigningKeys(prisma, secretBox),
    cookieSecret: "cookie-secret-for-tests",
    refreshReuseGraceSeconds,
    ...(idJag && { idJag }),
    onBackgroundError: (error) => {
      throw error;
    },
    metadataFetch: createGuardedFetch({
      allowedDestinations: [`127.0.0.1:${metadataPort}`],
      ca: certificate.cert,
      timeoutMs: 2_000,
      maxResponseBytes: 5 * 1024,
      maxRedirects: 0,
    }),
  });
  const handle = createOidcRequestHandler({
    provider,
    prisma,
    issuer: configuredIssuer,
    gatewayUrl: gatewayMcpUrl,
    csrfSecret: CSRF_SECRET,
    resolveUser: createSessionUserResolver(prisma, NEXTAUTH_SECRET, false),
    limitRequest: createOidcRateLimits(redis, oidcRateLimits),
    clientAddressOf: (request) => `${addressPrefix}/${request.socket.remoteAddress}`,
  });
  handleWeb = (request, response) =>
    void handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });

  const bridges = new Map<string, StdioBridge>();
  const bridgeHandler = createBridgeHttpHandler({ resolveBridge: (id) => bridges.get(id), internalToken });
  const runner = createServer((request, response) => void bridgeHandler.handle(request, response));
  const runnerUrl = `http://127.0.0.1:${await listen(runner)}`;
  const gateway = createGateway({
    prisma,
    databaseUrl: testDatabaseUrl,
    secretBox,
    logger: pino({ level: "silent" }),
    publicUrl: gatewayMcpUrl,
    runnerUrl,
    runnerInternalToken: internalToken,
    oauthIssuer: configuredIssuer,
  });
  await listen(gateway.server, gatewayPort);

  /** A running connector whose tool is an echo server answering `<name>:<message>`. */
  async function seedConnector(name: string, owner: ConnectorOwner) {
    const entry = await seedCatalogEntry(prisma);
    const connector = await prisma.connector.create({
      data: { catalogEntryId: entry.id, name, status: "RUNNING", tools: [echoTool], ...owner } as never,
    });
    const echo = createEchoServer(name);
    const [bridgeSide, serverSide] = InMemoryTransport.createLinkedPair();
    await echo.server.connect(serverSide);
    const bridge = new StdioBridge(bridgeSide);
    await bridge.start();
    bridges.set(connector.id, bridge);
    return connector;
  }

  return {
    webUrl,
    gatewayMcpUrl,
    provider,
    secretBox,
    /** Writes when connected apps were last used (the gateway batches it). */
    flushConsentUses: () => gateway.consentUses.flush(),
    /** Serves `body` at https://127.0.0.1:<port><path>; `privateHost` picks the server the guard refuses. */
    serveMetadataDocument(path: string, body: string, { privateHost = false } = {}) {
      documents.set(path, { body });
      return `https://127.0.0.1:${privateHost ? privateMetadataPort : metadataPort}${path}`;
    },
    seedConnector,
    /** A user with one personal connector per name, in that order. */
    async seedUserWithConnectors(names: string[]) {
      const user = await seedUser(prisma);
      const owner = { scope: "PERSONAL", ownerUserId: user.id } as const;
      return { user, connectors: await Promise.all(names.map((name) => seedConnector(name, owner))) };
    },
    /** A browser signed in to web as `userId` (a live session row and next-auth's cookie). */
    async signedInBrowser(userId: string) {
      const session = await prisma.session.create({
        data: { userId, expiresAt: new Date(Date.now() + 3_600_000) },
      });
      const cookie = await encode({ token: { sub: userId, sid: session.id }, secret: NEXTAUTH_SECRET });
      return new Browser(webUrl, { "next-auth.session-token": cookie }, session.id);
    },
    async close() {
      await gateway.close();
      await redis.quit();
      await bridgeHandler.close();
      await Promise.all([...bridges.values()].map((bridge) => bridge.close()));
      await Promise.all([gateway.server, runner, webServer, metadataServer, privateMetadataServer].map(close));
    },
  };
}

export type GatewayOAuthStack = Awaited<ReturnType<typeof startGatewayOAuthStack>>;
type GatewayOAuthStackOptions = NonNullable<Parameters<typeof startGatewayOAuthStack>[1]>;

/**
 * A test file's gateway OAuth stack: registers the hooks that empty the database and start the
 * stack before the file's tests, and close it and the Prisma client after them. Returns the running
 * stack, to read inside tests and hooks. `options` may be a function, for options that hooks
 * registered earlier make (the company SSO of the ID-JAG tests).
 */
export function setUpGatewayOAuthStack(
  prisma: PrismaClient,
  options: GatewayOAuthStackOptions | (() => GatewayOAuthStackOptions) = {},
): () => GatewayOAuthStack {
  let stack: GatewayOAuthStack | undefined;
  beforeAll(async () => {
    await resetDatabase(prisma);
    stack = await startGatewayOAuthStack(prisma, typeof options === "function" ? options() : options);
  });
  afterAll(async () => {
    await stack?.close();
    await prisma.$disconnect();
  });
  return () => {
    if (!stack) throw new Error("The gateway OAuth stack starts in beforeAll: read it inside tests and hooks.");
    return stack;
  };
}

/** Follows nothing by itself and keeps cookies, so a test sees each step of the authorization. */
export class Browser {
  readonly cookies: Map<string, string>;

  constructor(
    private readonly webUrl: string,
    cookies: Record<string, string>,
    readonly sessionId: string,
  ) {
    this.cookies = new Map(Object.entries(cookies));
  }

  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await fetch(new URL(url, this.webUrl), { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...value] = (pair ?? "").split("=");
      if (name) this.cookies.set(name.trim(), value.join("="));
    }
    return response;
  }

  /** Opens the authorization URL and returns the interaction's uid and URL. */
  async openAuthorization(authorizationUrl: URL) {
    const response = await this.request(authorizationUrl);
    const location = response.headers.get("location");
    if (response.status !== 303 || !location) {
      throw new Error(`authorization answered ${response.status}: ${await response.text()}`);
    }
    const interactionUrl = new URL(location, this.webUrl);
    return { interactionUrl, uid: interactionUrl.pathname.split("/").at(-1) ?? "" };
  }

  /** Posts the consent form as the consent page would. */
  decide(interactionUrl: URL, uid: string, fields: Record<string, string | string[]>, csrf?: string) {
    const body = new URLSearchParams({ csrf: csrf ?? createConsentCsrfToken(CSRF_SECRET, this.sessionId, uid) });
    for (const [name, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    }
    return this.request(interactionUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
  }

  /** Follows the provider's redirects back to the client's redirect URI and returns its query. */
  async followToClient(response: Response, redirectUri: string): Promise<URLSearchParams> {
    let current = response;
    for (let hop = 0; hop < 5; hop += 1) {
      const location = current.headers.get("location");
      if (!location) throw new Error(`expected a redirect, got ${current.status}: ${await current.text()}`);
      if (location.startsWith(redirectUri)) return new URL(location).searchParams;
      current = await this.request(location);
    }
    throw new Error("too many redirects");
  }
}

/** An MCP client in the test process (the SDK's `auth()` with an in-memory OAuthClientProvider). */
export { InMemoryOAuthClient as TestOAuthClient } from "@switchboard/oauth/testing";
