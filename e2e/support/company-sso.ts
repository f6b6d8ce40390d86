// The company SSO of the e2e stack and of web's ID-JAG tests: a real oidc-provider on 127.0.0.1.
// Anyone may sign in with any e-mail address; the ID token carries it as verified (and as `sub`), so
// Switchboard's SSO_ALLOWED_DOMAINS decides who gets in. Consent is implied, as with a company's own
// identity provider. It also plays the enterprise IdP of MCP's enterprise-managed authorization: an
// RFC 8693 token exchange turns a signed-in user's ID token into an Identity Assertion JWT
// Authorization Grant (ID-JAG) for the authorization servers its policy names.
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from "jose";
import Provider, { errors, type ClientMetadata, type KoaContextWithOIDC } from "oidc-provider";

export const TOKEN_EXCHANGE_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_JAG_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id-jag";
const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
const ID_JAG_TTL_SECONDS = 300;

/** The IdP's policy for one authorization server it issues ID-JAGs to. */
export interface IdJagAudience {
  /** The authorization server's issuer: the ID-JAG's `aud`. */
  audience: string;
  /** The resource (MCP server) it protects: the ID-JAG's `resource`. */
  resource: string;
  /** The IdP client → that client's id at the authorization server (the ID-JAG's `client_id`). */
  clientIds: Record<string, string>;
}

export interface CompanySsoOptions {
  /** 0 picks a free port. */
  port: number;
  clients: ClientMetadata[];
  idJagAudiences?: IdJagAudience[];
}

export type CompanySso = Awaited<ReturnType<typeof startCompanySso>>;

export async function startCompanySso(options: CompanySsoOptions) {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signingKey: JWK = {
    ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }),
    kid: "company-sso",
    alg: "RS256",
    use: "sig",
  };
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicKey } = signingKey;
  const ownKeys = createLocalJWKSet({ keys: [publicKey] });

  const provider = new Provider(issuer, {
    clients: options.clients,
    scopes: ["openid", "email", "profile"],
    claims: { email: ["email", "email_verified"], profile: ["name"] },
    // next-auth reads the profile from the ID token, so the claims go there and not only to userinfo.
    conformIdTokenClaims: false,
    findAccount: (_ctx, email) => ({
      accountId: email,
      claims: () => ({ sub: email, email, email_verified: true, name: nameOf(email) }),
    }),
    jwks: { keys: [signingKey as never] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    ttl: { AuthorizationCode: 60, AccessToken: 600, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    features: { devInteractions: { enabled: false } },
  });

  /** Signs an ID-JAG; the token exchange uses it, and tests use it for assertions the policy would refuse. */
  async function signIdJag(claims: JWTPayload & { sub: string; aud: string }, typ = "oauth-id-jag+jwt") {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: issuer, jti: randomUUID(), iat: now, exp: now + ID_JAG_TTL_SECONDS, ...claims })
      .setProtectedHeader({ alg: "RS256", typ, kid: signingKey.kid })
      .sign(await importJWK(signingKey, "RS256"));
  }

  provider.registerGrantType(
    TOKEN_EXCHANGE_GRANT_TYPE,
    async (ctx: KoaContextWithOIDC) => {
      const client = ctx.oidc.client;
      const params = ctx.oidc.params as Record<string, string | undefined>;
      // A stolen ID token alone must not buy an ID-JAG: the exchange needs the client's secret.
      if (!client || client.clientAuthMethod === "none")
        throw new errors.InvalidClient("client authentication is required");
      if (params.requested_token_type !== ID_JAG_TOKEN_TYPE || params.subject_token_type !== ID_TOKEN_TYPE) {
        throw new errors.InvalidRequest("only ID tokens are exchanged, and only for ID-JAGs");
      }
      let subject: JWTPayload;
      try {
        ({ payload: subject } = await jwtVerify(params.subject_token ?? "", ownKeys, {
          issuer,
          audience: client.clientId,
        }));
      } catch {
        throw new errors.InvalidGrant("the subject token is not a valid ID token issued to this client");
      }
      const policy = options.idJagAudiences?.find((entry) => entry.audience === params.audience);
      const resourceClientId = policy?.clientIds[client.clientId];
      if (!policy || !resourceClientId || (params.resource !== undefined && params.resource !== policy.resource)) {
        throw new errors.InvalidTarget("no policy lets this client reach that audience and resource");
      }
      const scope = params.scope;
      ctx.body = {
        issued_token_type: ID_JAG_TOKEN_TYPE,
        access_token: await signIdJag({
          sub: String(subject.sub),
          aud: policy.audience,
          resource: policy.resource,
          client_id: resourceClientId,
          ...(scope ? { scope } : {}),
        }),
        token_type: "N_A",
        expires_in: ID_JAG_TTL_SECONDS,
        ...(scope ? { scope } : {}),
      };
    },
    ["subject_token", "subject_token_type", "requested_token_type", "audience", "resource", "scope"],
  );

  const callback = provider.callback();
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!req.url?.startsWith("/interaction/")) return void callback(req, res);
    handleInteraction(provider, req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(error instanceof Error ? error.message : "interaction failed");
    });
  });

  return {
    issuer,
    provider,
    signIdJag,
    /**
     * Signs `email` in to `client` as its browser would (login form, implied consent) and redeems
     * the code: the client's ID token for that user.
     */
    async signIn(email: string, client: { clientId: string; clientSecret: string; redirectUri: string }) {
      const verifier = randomBytes(32).toString("base64url");
      const authorization = new URL(`${issuer}/auth`);
      authorization.search = new URLSearchParams({
        client_id: client.clientId,
        redirect_uri: client.redirectUri,
        response_type: "code",
        scope: "openid email",
        state: randomUUID(),
        code_challenge: createHash("sha256").update(verifier).digest("base64url"),
        code_challenge_method: "S256",
      }).toString();
      const code = await walkToCode(authorization, email, client.redirectUri);
      const response = await fetch(`${issuer}/token`, {
        method: "POST",
        headers: { authorization: basic(client.clientId, client.clientSecret) },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          redirect_uri: client.redirectUri,
          code_verifier: verifier,
        }),
      });
      const body = (await response.json()) as { id_token?: string };
      if (!body.id_token) throw new Error(`the SSO issued no ID token: ${JSON.stringify(body)}`);
      return body.id_token;
    },
    /** The client's RFC 8693 token exchange of an ID token for an ID-JAG; the raw response. */
    exchangeForIdJag(
      idToken: string,
      client: { clientId: string; clientSecret: string },
      target: { audience: string; resource?: string; scope?: string },
    ) {
      return fetch(`${issuer}/token`, {
        method: "POST",
        headers: { authorization: basic(client.clientId, client.clientSecret) },
        body: new URLSearchParams({
          grant_type: TOKEN_EXCHANGE_GRANT_TYPE,
          requested_token_type: ID_JAG_TOKEN_TYPE,
          subject_token: idToken,
          subject_token_type: ID_TOKEN_TYPE,
          ...target,
        }),
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function basic(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64")}`;
}

/** Follows the authorization's redirects with a cookie jar, submits the login form, returns the code. */
async function walkToCode(start: URL, email: string, redirectUri: string): Promise<string> {
  const cookies = new Map<string, string>();
  let request: { url: URL; init: RequestInit } = { url: start, init: {} };
  for (let hop = 0; hop < 10; hop += 1) {
    const headers = new Headers(request.init.headers);
    headers.set("cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await fetch(request.url, { ...request.init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [name, ...value] = (line.split(";")[0] ?? "").split("=");
      if (name) cookies.set(name.trim(), value.join("="));
    }
    const location = response.headers.get("location");
    if (location?.startsWith(redirectUri)) {
      const code = new URL(location).searchParams.get("code");
      if (!code) throw new Error(`the SSO refused the sign-in: ${location}`);
      return code;
    }
    if (location) {
      request = { url: new URL(location, start), init: {} };
    } else if (response.status === 200 && request.url.pathname.startsWith("/interaction/")) {
      request = {
        url: request.url,
        init: {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: `email=${encodeURIComponent(email)}`,
        },
      };
    } else {
      throw new Error(`unexpected SSO answer ${response.status} at ${request.url.pathname}`);
    }
  }
  throw new Error("too many SSO redirects");
}

/** "grace.hopper@example.com" → "Grace Hopper". */
function nameOf(email: string): string {
  const local = email.split("@")[0] ?? email;
  return local
    .split(/[._-]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(" ");
}

async function handleInteraction(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === "consent") {
    const grant = new provider.Grant({
      accountId: details.session?.accountId,
      clientId: String(details.params.client_id),
    });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  if (req.method !== "POST") {
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(
      `<!doctype html><title>Company SSO</title><h1>Company SSO</h1><form method="post">` +
        `<label>Work e-mail <input name="email" type="email" required></label>` +
        `<button>Sign in</button></form>`,
    );
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const email = new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get("email")?.trim().toLowerCase();
  if (!email) throw new Error("an e-mail address is required");
  await provider.interactionFinished(req, res, { login: { accountId: email } }, { mergeWithLastSubmission: false });
}
