// The company SSO of the e2e stack: a real oidc-provider on 127.0.0.1 that scripts/e2e-server.sh
// starts before the web app (which reads OIDC_ISSUER at start). Anyone may sign in with any e-mail
// address; the ID token carries it as verified, so Switchboard's SSO_ALLOWED_DOMAINS decides who
// gets in. Consent is implied, as with a company's own identity provider.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import Provider from "oidc-provider";

const port = Number(required("SSO_PORT"));
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: required("SSO_CLIENT_ID"),
      client_secret: required("SSO_CLIENT_SECRET"),
      redirect_uris: [required("SSO_REDIRECT_URI")],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  scopes: ["openid", "email", "profile"],
  claims: { email: ["email", "email_verified"], profile: ["name"] },
  // next-auth reads the profile from the ID token, so the claims go there and not only to userinfo.
  conformIdTokenClaims: false,
  findAccount: (_ctx, email) => ({
    accountId: email,
    claims: () => ({ sub: email, email, email_verified: true, name: nameOf(email) }),
  }),
  jwks: { keys: [{ ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }) }] },
  cookies: { keys: [randomBytes(32).toString("base64url")] },
  ttl: { AuthorizationCode: 60, AccessToken: 600, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
  features: { devInteractions: { enabled: false } },
});

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** "grace.hopper@example.com" → "Grace Hopper". */
function nameOf(email: string): string {
  const local = email.split("@")[0] ?? email;
  return local
    .split(/[._-]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(" ");
}

async function handleInteraction(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
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

const callback = provider.callback();
const server = http.createServer((req, res) => {
  if (!req.url?.startsWith("/interaction/")) return void callback(req, res);
  handleInteraction(req, res).catch((error: unknown) => {
    res.statusCode = 500;
    res.end(error instanceof Error ? error.message : "interaction failed");
  });
});
server.listen(port, "127.0.0.1", () => console.error(`[sso] company SSO listening at ${issuer}`));
process.once("SIGTERM", () => server.close(() => process.exit(0)));
