/**
 * MCP conformance-suite client for the auth scenarios: the suite runs
 * `tsx conformance/client.ts <server-url>` with MCP_CONFORMANCE_SCENARIO (and, for some
 * scenarios, MCP_CONFORMANCE_CONTEXT) set. The MCP session uses the SDK's 2.x client, which
 * speaks 2026-07-28 (stateless) and falls back to the 2025 revisions; every OAuth step
 * (discovery, registration, authorization, token exchange, step-up) uses @switchboard/oauth.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import {
  authorizeWithIdJag,
  beginAuthorization,
  completeAuthorization,
  computeStepUpScopes,
  createGuardedFetch,
  createStaticClient,
  discoverMcpAuthorization,
  isOAuthError,
  parseBearerChallenge,
  resolveClient,
  selectScopes,
  type BearerChallenge,
  type ClientRegistrations,
  type TokenSet,
} from "../src/index.ts";

const REDIRECT_URI = "http://localhost:3000/callback";
// Nothing serves it. auth/basic-cimd expects its own fixed URL; elsewhere a loopback one, because
// some scenarios try to fetch it and tests send no traffic off this machine.
const CLIENT_METADATA_DOCUMENT_URL =
  // eslint-disable-next-line no-restricted-properties -- the suite names the scenario in the environment
  process.env.MCP_CONFORMANCE_SCENARIO === "auth/basic-cimd"
    ? "https://conformance-test.local/client-metadata.json"
    : "https://localhost/switchboard/client-metadata.json";
const MAX_AUTHORIZATIONS = 3;

const serverUrl = process.argv[2];
if (!serverUrl) throw new Error("usage: client.ts <server-url>");
// eslint-disable-next-line no-restricted-properties -- the suite hands its scenario context over in the environment
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? "{}") as {
  client_id?: string;
  client_secret?: string;
  // auth/enterprise-managed-authorization: the user's SSO session at the company IdP.
  idp_client_id?: string;
  idp_id_token?: string;
  idp_issuer?: string;
  idp_token_endpoint?: string;
};

// The suite's servers listen on localhost over plain http.
const oauthFetch = createGuardedFetch({
  allowInsecureHttp: true,
  allowedDestinations: ["localhost", "127.0.0.1", "::1"],
});
let registrations: ClientRegistrations = {};
let tokens: TokenSet | undefined;
let authorizations = 0;

async function authorize(challenge: BearerChallenge, stepUpScopes?: string[]): Promise<void> {
  if (++authorizations > MAX_AUTHORIZATIONS) throw new Error("authorization retry limit reached");
  const discovery = await discoverMcpAuthorization(serverUrl as string, { challenge, fetch: oauthFetch });
  const { authorizationServer } = discovery;
  const scopes =
    stepUpScopes ??
    selectScopes({
      challengeScope: challenge.scope,
      scopesSupported: discovery.protectedResource?.scopes_supported,
      authorizationServer,
    });
  const resolved = await resolveClient({
    authorizationServer,
    staticClient: context.client_id ? { clientId: context.client_id, clientSecret: context.client_secret } : undefined,
    clientMetadataDocumentUrl: CLIENT_METADATA_DOCUMENT_URL,
    registrations,
    metadata: {
      clientName: "switchboard-conformance",
      redirectUris: [REDIRECT_URI],
      scope: scopes.join(" ") || undefined,
    },
    fetch: oauthFetch,
  });
  registrations = resolved.registrations;
  // A user signed in through the company IdP skips the consent screen where the server takes ID-JAGs.
  if (context.idp_id_token && context.idp_issuer && context.idp_token_endpoint && context.idp_client_id) {
    try {
      tokens = await authorizeWithIdJag({
        idToken: context.idp_id_token,
        idp: { issuer: context.idp_issuer, token_endpoint: context.idp_token_endpoint },
        idpClient: createStaticClient({ clientId: context.idp_client_id }),
        authorizationServer,
        client: resolved.client,
        resource: discovery.resource,
        scopes,
        fetch: oauthFetch,
      });
      return;
    } catch (error) {
      if (!isOAuthError(error, "grant_unsupported")) throw error;
    }
  }
  const { authorizationUrl, flowState } = await beginAuthorization({
    authorizationServer,
    client: resolved.client,
    redirectUri: REDIRECT_URI,
    resource: discovery.resource,
    scopes,
  });
  // Stands in for the user's browser: the suite's /authorize redirects straight back with a code.
  const redirect = await fetch(authorizationUrl, { redirect: "manual" });
  const callback = new URL(redirect.headers.get("location") ?? "", authorizationUrl);
  tokens = await completeAuthorization(flowState, callback.searchParams, resolved.client, {
    authorizationServer,
    fetch: oauthFetch,
  });
}

async function authorizedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  for (;;) {
    const headers = new Headers(init?.headers);
    if (tokens) headers.set("authorization", `Bearer ${tokens.accessToken}`);
    const response = await fetch(input, { ...init, headers });
    const challenge = parseBearerChallenge(response.headers.get("www-authenticate"));
    if (response.status === 401) {
      await authorize(challenge ?? {});
      continue;
    }
    const stepUp = response.status === 403 ? computeStepUpScopes(tokens?.scope, challenge) : undefined;
    if (!stepUp) return response;
    await authorize(challenge ?? {}, stepUp);
  }
}

// The suite's mock servers speak 2026-07-28 in scenarios introduced with it, 2025-11-25 in the rest.
const client = new Client(
  { name: "switchboard-conformance", version: "1.0.0" },
  { capabilities: {}, versionNegotiation: { mode: "auto" } },
);
const transport = new StreamableHTTPClientTransport(new URL(serverUrl), { fetch: authorizedFetch });
await client.connect(transport);
await client.listTools();
await client.callTool({ name: "test-tool", arguments: {} });
await transport.close();
