import * as oauth from "oauth4webapi";
import { OAuthError } from "../errors.ts";
import { isEntraHost, isEntraMultiTenantIssuer } from "../providers/microsoft-entra.ts";
import type { GuardedFetch } from "../ssrf/guarded-fetch.ts";
import { authorizationServerMetadataSchema, type AuthorizationServerMetadata } from "./metadata-schemas.ts";
import { JSON_REQUEST, readMetadataDocument } from "./read-metadata-document.ts";
import { buildAuthorizationServerMetadataUrls, deriveIssuerFromMetadataUrl } from "./well-known-urls.ts";

export interface DiscoveryOptions {
  fetch: GuardedFetch;
}

/** RFC 8414 / OpenID Connect discovery of an issuer, trying the well-known URLs in MCP's order. */
export async function discoverAuthorizationServer(
  issuer: string,
  options: DiscoveryOptions,
): Promise<AuthorizationServerMetadata> {
  for (const url of buildAuthorizationServerMetadataUrls(issuer)) {
    const response = await options.fetch(url, JSON_REQUEST);
    if (response.status !== 200) continue;
    return readAuthorizationServerMetadata(response, issuer, url, options.fetch);
  }
  throw new OAuthError("metadata_not_found", `${new URL(issuer).host} publishes no authorization server metadata.`);
}

/** Metadata from one explicit well-known URL (a catalog entry's `well_known_url`). */
export async function fetchAuthorizationServerMetadata(
  metadataUrl: string,
  options: DiscoveryOptions,
): Promise<AuthorizationServerMetadata> {
  const issuer = deriveIssuerFromMetadataUrl(metadataUrl);
  if (issuer === undefined) {
    throw new OAuthError("invalid_configuration", "The metadata URL is not a well-known authorization server URL.");
  }
  const response = await options.fetch(metadataUrl, JSON_REQUEST);
  if (response.status !== 200) {
    throw new OAuthError(
      "metadata_not_found",
      `${new URL(metadataUrl).host} answered ${response.status} for its metadata.`,
      {
        status: response.status,
        retryable: response.status >= 500,
      },
    );
  }
  return readAuthorizationServerMetadata(response, issuer, metadataUrl, options.fetch);
}

async function readAuthorizationServerMetadata(
  response: Response,
  issuer: string,
  url: string,
  fetch: GuardedFetch,
): Promise<AuthorizationServerMetadata> {
  const host = new URL(url).host;
  const issuerMismatch = () =>
    new OAuthError("issuer_mismatch", `The metadata at ${host} names an issuer other than the one it was fetched for.`);
  // oauth4webapi compares the issuer last, after every other check of the document.
  let namesOtherIssuer = false;
  try {
    await oauth.processDiscoveryResponse(new URL(issuer), response.clone());
  } catch (error) {
    if (!(error instanceof oauth.OperationProcessingError && error.code === oauth.JSON_ATTRIBUTE_COMPARISON)) {
      throw new OAuthError("invalid_metadata", `The authorization server metadata at ${host} is invalid.`);
    }
    namesOtherIssuer = true;
  }
  // A server's own document may not widen which `iss` values are taken as its own.
  const { switchboard_response_issuers: _ignored, ...metadata } = await readMetadataDocument(
    response,
    authorizationServerMetadataSchema,
    "authorization server metadata",
    url,
  );
  if (namesOtherIssuer) {
    if (!isEntraMultiTenantIssuer(issuer, metadata.issuer)) throw issuerMismatch();
    metadata.issuer = issuer;
  }
  metadata.code_challenge_methods_supported ??= documentedPkceMethods(issuer);
  if (!metadata.code_challenge_methods_supported?.includes("S256")) {
    throw new OAuthError("pkce_unsupported", `The authorization server at ${host} does not advertise PKCE with S256.`);
  }
  for (const endpoint of [metadata.authorization_endpoint, metadata.token_endpoint]) {
    const protocol = new URL(endpoint).protocol;
    if (protocol !== "https:" && !(protocol === "http:" && fetch.allowInsecureHttp)) {
      throw new OAuthError(
        "invalid_metadata",
        `The authorization server at ${host} lists an endpoint that is not https.`,
      );
    }
  }
  return metadata;
}

// Microsoft Entra ID (and its national clouds) supports S256 but leaves it out of its metadata,
// which MCP reads as no PKCE; learn.microsoft.com ("Microsoft identity platform and OAuth 2.0
// authorization code flow") documents code_challenge_method=S256.
function documentedPkceMethods(issuer: string): string[] | undefined {
  return isEntraHost(issuer) ? ["S256"] : undefined;
}
