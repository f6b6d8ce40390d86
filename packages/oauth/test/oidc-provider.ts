import { generateKeyPairSync, randomBytes, type JsonWebKey } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { errors, type Configuration, type TokenEndpointGrantContext } from "oidc-provider";
import type { TokenEndpointAuthMethod } from "../src/types.ts";

export interface TestProviderOptions {
  /** Access token lifetime in seconds. Default 3600. */
  accessTokenTtl?: number;
  /** Refresh token lifetime in seconds. Default one day. */
  refreshTokenTtl?: number;
  /** Redirect URIs of the static clients. Default `http://127.0.0.1/callback`. */
  redirectUris?: string[];
  /** Scopes of the protected resources. Default `mcp:read mcp:write`. */
  resourceScopes?: string[];
  /** Resource indicators the provider accepts. Default: any. */
  resources?: string[];
  /** Extension grants (token exchange, JWT bearer, …) by grant type; the static clients may use them. */
  grants?: Record<string, TestGrant>;
  /** Members added to the provider's metadata. */
  metadata?: Record<string, unknown>;
}

export interface TestGrant {
  /** Request parameters the grant reads from `ctx.oidc.params`. */
  parameters: string[];
  handle(ctx: TokenEndpointGrantContext): Promise<void>;
}

export interface TestClient {
  clientId: string;
  clientSecret?: string;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
}

export interface AuthorizeOptions {
  /** The account that logs in. Default `test-user`. */
  accountId?: string;
  /** Deny consent: the callback then carries `error=access_denied`. */
  deny?: boolean;
}

export interface TestProvider {
  issuer: string;
  /** `127.0.0.1:<port>`, for an SSRF allowlist. */
  host: string;
  redirectUri: string;
  clients: { basic: TestClient; post: TestClient; public: TestClient };
  /** The private key the provider signs with (JWK with `kid` and `alg`), for grants that issue JWTs. */
  signingKey: JsonWebKey & { kid: string; alg: string };
  /**
   * Walks an authorization URL like a browser would: follows redirects, logs in and consents
   * at each interaction, and returns the callback URL (with `code`, `state`, `iss`) without
   * requesting it.
   */
  authorize(authorizationUrl: string, options?: AuthorizeOptions): Promise<URL>;
  /** Revokes the grant a token belongs to, as a user would in the provider's settings. */
  revokeGrant(token: string): Promise<void>;
  provider: Provider;
  close(): Promise<void>;
}

/**
 * A real `oidc-provider` on 127.0.0.1 and a random port: DCR, resource indicators, revocation,
 * refresh-token rotation (every refresh token issued to any client that may refresh, without
 * `offline_access`), and interactions that approve whatever `authorize` posts.
 */
export async function startTestProvider(options: TestProviderOptions = {}): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const redirectUris = options.redirectUris ?? ["http://127.0.0.1/callback"];
  const resourceScopes = options.resourceScopes ?? ["mcp:read", "mcp:write"];
  const accessTokenTtl = options.accessTokenTtl ?? 3600;
  const grants = options.grants ?? {};
  const signingKey = {
    ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }),
    kid: "test",
    alg: "RS256",
  };

  const clients = {
    basic: { clientId: "basic-client", clientSecret: randomSecret(), tokenEndpointAuthMethod: "client_secret_basic" },
    post: { clientId: "post-client", clientSecret: randomSecret(), tokenEndpointAuthMethod: "client_secret_post" },
    public: { clientId: "public-client", tokenEndpointAuthMethod: "none" },
  } satisfies TestProvider["clients"];

  const configuration: Configuration = {
    clients: Object.values(clients).map((client: TestClient) => ({
      client_id: client.clientId,
      ...(client.clientSecret !== undefined && { client_secret: client.clientSecret }),
      token_endpoint_auth_method: client.tokenEndpointAuthMethod,
      redirect_uris: redirectUris,
      grant_types: ["authorization_code", "refresh_token", ...Object.keys(grants)],
      response_types: ["code"],
    })),
    scopes: ["openid", "offline_access", ...resourceScopes],
    jwks: { keys: [{ ...signingKey, use: "sig" }] },
    ...(options.metadata && { discovery: options.metadata }),
    cookies: { keys: [randomSecret()] },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    pkce: { required: () => true },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    expiresWithSession: async () => false,
    ttl: {
      AccessToken: accessTokenTtl,
      RefreshToken: options.refreshTokenTtl ?? 86_400,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 86_400,
      Grant: 86_400,
    },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      revocation: { enabled: true, allowedPolicy: async () => true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf ?? `${issuer}/default-resource`,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resourceIndicator) => {
          const accepted = options.resources ?? [resourceIndicator];
          if (!accepted.includes(resourceIndicator) && resourceIndicator !== `${issuer}/default-resource`) {
            throw new errors.InvalidTarget();
          }
          return {
            scope: resourceScopes.join(" "),
            audience: resourceIndicator,
            accessTokenTTL: accessTokenTtl,
            accessTokenFormat: "opaque",
          };
        },
      },
    },
  };

  const provider = new Provider(issuer, configuration);
  for (const [grantType, grant] of Object.entries(grants)) {
    provider.registerGrantType(grantType, (ctx) => grant.handle(ctx), grant.parameters);
  }
  const providerCallback = provider.callback();
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url?.startsWith("/interaction/")) {
      handleInteraction(provider, req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(error instanceof Error ? error.message : "interaction failed");
      });
      return;
    }
    void providerCallback(req, res);
  });

  return {
    issuer,
    host: `127.0.0.1:${port}`,
    redirectUri: redirectUris[0] ?? "",
    clients,
    signingKey,
    provider,
    authorize: (authorizationUrl, authorizeOptions) =>
      walkAuthorization(authorizationUrl, redirectUris, authorizeOptions),
    revokeGrant: (token) => revokeGrantOf(provider, token),
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function randomSecret(): string {
  return randomBytes(32).toString("base64url");
}

async function handleInteraction(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse) {
  const details = await provider.interactionDetails(req, res);
  if (req.method !== "POST") {
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(
      `<!doctype html><form method="post"><p>Test provider: ${details.prompt.name}</p>` +
        `<input name="accountId" value="test-user">` +
        `<button name="decision" value="approve">Approve</button>` +
        `<button name="decision" value="deny">Deny</button></form>`,
    );
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  if (form.get("decision") === "deny") {
    await provider.interactionFinished(
      req,
      res,
      { error: "access_denied", error_description: "The user denied access." },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  if (details.prompt.name === "login") {
    const accountId = form.get("accountId") || "test-user";
    await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
    return;
  }
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session?.accountId, clientId: String(details.params.client_id) });
  if (!grant) throw new Error("grant not found");
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(" "));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function walkAuthorization(
  authorizationUrl: string,
  redirectUris: readonly string[],
  options: AuthorizeOptions = {},
): Promise<URL> {
  const cookies = new Map<string, string>();
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  const send = async (url: URL, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader() },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const separator = pair.indexOf("=");
      cookies.set(pair.slice(0, separator), pair.slice(separator + 1));
    }
    return response;
  };

  let url = new URL(authorizationUrl);
  for (let step = 0; step < 12; step++) {
    if (redirectUris.includes(`${url.origin}${url.pathname}`)) return url;
    const response = url.pathname.startsWith("/interaction/")
      ? await send(url, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            decision: options.deny ? "deny" : "approve",
            accountId: options.accountId ?? "test-user",
          }).toString(),
        })
      : await send(url);
    const location = response.headers.get("location");
    if (location === null) {
      throw new Error(`authorization stopped at ${url.pathname} (HTTP ${response.status}): ${await response.text()}`);
    }
    url = new URL(location, url);
  }
  throw new Error("authorization did not reach the redirect URI");
}

async function revokeGrantOf(provider: Provider, token: string): Promise<void> {
  const found = (await provider.RefreshToken.find(token)) ?? (await provider.AccessToken.find(token));
  const grantId = found?.grantId;
  if (grantId === undefined) throw new Error("unknown token");
  const grant = await provider.Grant.find(grantId);
  await grant?.destroy();
  for (const model of [provider.AccessToken, provider.RefreshToken, provider.AuthorizationCode]) {
    await (model as unknown as { adapter: { revokeByGrantId(id: string): Promise<void> } }).adapter.revokeByGrantId(
      grantId,
    );
  }
}
