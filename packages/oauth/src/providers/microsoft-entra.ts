// Microsoft Entra ID, as learn.microsoft.com documents it ("OpenID Connect on the Microsoft
// identity platform", "Microsoft identity platform and OAuth 2.0 authorization code flow") and as
// MCP clients have met it. Recognised by its sign-in hosts (the public and national clouds) only.
const ENTRA_HOSTS = new Set([
  "login.microsoftonline.com",
  "login.microsoftonline.us",
  "login.partner.microsoftonline.cn",
  "login.chinacloudapi.cn",
]);

// The authorities that sign in users of any tenant: their metadata names the issuer with a
// `{tenantid}` placeholder (the tokens come from the user's own tenant), /consumers the tenant of
// personal Microsoft accounts.
const MULTI_TENANT_ISSUERS: Readonly<Record<string, string>> = {
  common: "{tenantid}",
  organizations: "{tenantid}",
  consumers: "9188040d-6c67-4c5b-b112-36a304b66dad",
};

export function isEntraHost(url: string): boolean {
  return URL.canParse(url) && ENTRA_HOSTS.has(new URL(url).hostname);
}

/**
 * Whether `documentIssuer` is what Entra's metadata names as the issuer of the multi-tenant
 * authority `identifier` (`https://login.microsoftonline.com/common/v2.0` ->
 * `https://login.microsoftonline.com/{tenantid}/v2.0`). Discovery then keeps `identifier` as the
 * issuer: it keys the client, the flow and the credential, and no authorization response of
 * Entra's carries an `iss` to compare.
 */
export function isEntraMultiTenantIssuer(identifier: string, documentIssuer: string): boolean {
  if (!isEntraHost(identifier)) return false;
  const url = new URL(identifier);
  const [, authority = "", ...rest] = url.pathname.split("/");
  const tenant = Object.hasOwn(MULTI_TENANT_ISSUERS, authority) ? MULTI_TENANT_ISSUERS[authority] : undefined;
  return tenant !== undefined && documentIssuer === `${url.origin}/${[tenant, ...rest].join("/")}`;
}

/**
 * Entra's v2.0 endpoints take the resource from the scopes (`api://<app>/<scope>`) and refuse an
 * RFC 8707 `resource` beside them (AADSTS9010010, or AADSTS901002 where it is not supported at
 * all), so the MCP requirement to send one is not applied to them. The v1 endpoints need it.
 */
export function acceptsResourceIndicator(endpoint: string): boolean {
  return !isEntraV2Endpoint(endpoint);
}

/**
 * Entra v2.0 takes a refresh without `scope` as the app asking a token for itself (AADSTS90009)
 * for apps that expose their own API, so the grant's scopes go with every refresh.
 */
export function needsScopeOnRefresh(tokenEndpoint: string): boolean {
  return isEntraV2Endpoint(tokenEndpoint);
}

function isEntraV2Endpoint(endpoint: string): boolean {
  return isEntraHost(endpoint) && new URL(endpoint).pathname.includes("/oauth2/v2.0/");
}
