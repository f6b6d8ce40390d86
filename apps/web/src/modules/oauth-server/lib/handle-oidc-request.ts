import type { IncomingMessage, ServerResponse } from "node:http";
import type { PrismaClient } from "@switchboard/db";
import { normalizeIssuer, normalizeResource } from "@switchboard/oauth";
import { tooManyRequestsHeaders } from "@switchboard/rate-limit";
import type Provider from "oidc-provider";
import { AppError } from "@/server/errors.ts";
import { OIDC_MOUNT_PATH } from "./create-provider.ts";
import { isValidConsentCsrfToken } from "./consent-csrf.ts";
import { describeClient } from "./describe-client.ts";
import { isFromMetadataDocument } from "./load-consent-request.ts";
import { redirectsToThisDevice } from "./native-redirects.ts";
import type { LimitOidcRequest } from "./oidc-rate-limits.ts";
import { consentChoiceSchema, grantConsent, grantRememberedConsent, type InteractionRequest } from "./grant-consent.ts";
import { rememberedGrantCovers } from "./remembered-grant-covers.ts";

export interface SignedInUser {
  id: string;
  sessionId: string;
}

export interface OidcRequestOptions {
  provider: Provider;
  prisma: PrismaClient;
  issuer: string;
  gatewayUrl: string;
  csrfSecret: string;
  /** The web session behind the request's cookies, if any. */
  resolveUser: (request: IncomingMessage) => Promise<SignedInUser | null>;
  /** Per-address budgets for registration, authorization and token requests (oidc-rate-limits.ts). */
  limitRequest: LimitOidcRequest;
  /** The client's address as the reverse proxy in front saw it. */
  clientAddressOf: (request: IncomingMessage) => string;
}

const WELL_KNOWN = new Set(["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]);
const MAX_FORM_BYTES = 16 * 1024;

/** The consent page for an interaction; sign-in returns there too. */
export function consentPagePath(uid: string): string {
  return `/oauth/consent/${encodeURIComponent(uid)}`;
}

/**
 * The authorization server's HTTP surface on Node's req/res (Next mounts it as a catch-all route):
 * the provider's own endpoints, RFC 8414 metadata at the issuer's well-known URLs, and the
 * interaction endpoint that ties an authorization request to the web session and the user's consent.
 */
export function createOidcRequestHandler(configured: OidcRequestOptions) {
  // Normalized as createProvider and the gateway normalize them, so the grant names the same resource.
  const options = {
    ...configured,
    issuer: normalizeIssuer(configured.issuer),
    gatewayUrl: normalizeResource(configured.gatewayUrl),
  };
  const issuer = new URL(options.issuer);
  const callback = options.provider.callback();

  return async function handleOidcRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", issuer);
    let path = url.pathname.startsWith(`${OIDC_MOUNT_PATH}/`)
      ? url.pathname.slice(OIDC_MOUNT_PATH.length)
      : url.pathname;
    if ([...WELL_KNOWN].some((suffix) => path.endsWith(suffix))) path = "/.well-known/openid-configuration";
    const verdict = await options.limitRequest(path, options.clientAddressOf(request));
    if (verdict && !verdict.allowed) {
      response
        .writeHead(429, { "content-type": "application/json", ...tooManyRequestsHeaders(verdict) })
        .end(JSON.stringify({ error: "rate_limited", error_description: "Too many requests; try again later." }));
      return;
    }
    const interaction = /^\/interaction\/([\w-]+)$/.exec(path)?.[1];
    if (interaction) return handleInteraction(options, interaction, request, response);
    // The provider builds its URLs from the request: make them the issuer's, whatever Host says.
    request.headers["x-forwarded-host"] = issuer.host;
    request.headers["x-forwarded-proto"] = issuer.protocol.slice(0, -1);
    Object.assign(request, { originalUrl: `${OIDC_MOUNT_PATH}${path}${url.search}`, url: `${path}${url.search}` });
    await callback(request, response);
  };
}

async function handleInteraction(
  options: OidcRequestOptions,
  uid: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { provider, prisma, gatewayUrl } = options;
  if (request.method !== "GET" && request.method !== "POST")
    return sendError(response, 405, "invalid_request", "Use GET or POST.");
  let details: Awaited<ReturnType<Provider["interactionDetails"]>>;
  try {
    // Checks the interaction cookie the authorization endpoint set in this browser: a consent
    // posted from another browser (someone else's authorization request) fails here.
    details = await provider.interactionDetails(request, response);
  } catch {
    return sendError(
      response,
      400,
      "invalid_request",
      "This sign-in request has expired or belongs to another browser.",
    );
  }
  if (details.uid !== uid) return sendError(response, 400, "invalid_request", "This sign-in request does not match.");
  const user = await options.resolveUser(request);
  if (!user) {
    return redirect(response, `/sign-in?${new URLSearchParams({ callbackUrl: consentPagePath(uid) })}`);
  }
  const interactionRequest: InteractionRequest = {
    userId: user.id,
    clientId: String(details.params.client_id),
    scope: typeof details.params.scope === "string" ? details.params.scope : undefined,
    resources: [details.params.resource ?? []].flat().filter((resource) => typeof resource === "string"),
  };

  if (request.method === "GET") {
    // Any local program can listen on a loopback port or claim an app's scheme: an authorization
    // whose redirect goes to this device shows the consent page every time instead of a remembered
    // consent, whatever other redirect URIs the client registered.
    const client = await provider.Client.find(interactionRequest.clientId);
    if (
      !client ||
      redirectsToThisDevice(details.params.redirect_uri) ||
      !(await rememberedGrantCovers(prisma, provider, gatewayUrl, interactionRequest))
    ) {
      return redirect(response, consentPagePath(uid));
    }
    const grantId = await grantRememberedConsent(prisma, provider, gatewayUrl, interactionRequest);
    if (!grantId) return redirect(response, consentPagePath(uid));
    return provider.interactionFinished(request, response, {
      login: { accountId: user.id },
      consent: { grantId },
    });
  }

  const origin = request.headers.origin;
  if (origin !== undefined && origin !== new URL(options.issuer).origin) {
    return sendError(response, 403, "invalid_request", "The consent must be given on Switchboard itself.");
  }
  const form = await readForm(request);
  if (!form || !isValidConsentCsrfToken(options.csrfSecret, user.sessionId, uid, form.get("csrf"))) {
    return sendError(response, 403, "invalid_request", "The consent form has expired; start again from your app.");
  }
  if (form.get("decision") !== "allow") {
    return provider.interactionFinished(request, response, {
      error: "access_denied",
      error_description: "The user denied the request.",
    });
  }
  const choice = consentChoiceSchema.safeParse({
    access: form.get("access"),
    connectorIds: form.getAll("connectorId"),
    teamId: form.get("teamId"),
  });
  if (!choice.success)
    return sendError(response, 400, "invalid_request", choice.error.issues[0]?.message ?? "Invalid choice.");
  const client = await provider.Client.find(interactionRequest.clientId);
  if (!client) return sendError(response, 400, "invalid_client", "The app is no longer known.");
  try {
    const grantId = await grantConsent(
      prisma,
      provider,
      gatewayUrl,
      interactionRequest,
      describeClient(client.metadata(), isFromMetadataDocument(client)),
      choice.data,
    );
    return provider.interactionFinished(request, response, { login: { accountId: user.id }, consent: { grantId } });
  } catch (error) {
    if (error instanceof AppError) return sendError(response, 403, "access_denied", error.message);
    throw error;
  }
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams | null> {
  if (!request.headers["content-type"]?.startsWith("application/x-www-form-urlencoded")) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function redirect(response: ServerResponse, location: string) {
  response.writeHead(303, { location, "cache-control": "no-store" }).end();
}

function sendError(response: ServerResponse, status: number, error: string, description: string) {
  response
    .writeHead(status, { "content-type": "application/json", "cache-control": "no-store" })
    .end(JSON.stringify({ error, error_description: description }));
}
