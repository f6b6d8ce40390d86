import type { GuardedFetch } from "../ssrf/guarded-fetch.ts";

// Notion's API reads JSON bodies only, its token endpoint too (developers.notion.com, "Create a
// token", "Refresh a token": POST /v1/oauth/token, Basic client credentials, a JSON body).
const JSON_TOKEN_HOSTS = new Set(["api.notion.com"]);

/**
 * The fetch for requests to `endpoint`: for Notion's token endpoint, one that sends the form
 * oauth4webapi builds as the same members in a JSON object; for every other endpoint `fetch`.
 */
export function selectTokenRequestFetch(endpoint: string, fetch: GuardedFetch): GuardedFetch {
  if (!URL.canParse(endpoint) || !JSON_TOKEN_HOSTS.has(new URL(endpoint).hostname)) return fetch;
  return Object.assign(
    async (input: string | URL | Request, init?: RequestInit) => {
      // oauth4webapi sends every token and revocation request as a URLSearchParams body.
      const form = new URLSearchParams(init?.body as URLSearchParams | undefined);
      const headers = new Headers(init?.headers);
      headers.set("content-type", "application/json");
      return fetch(input, { ...init, headers, body: JSON.stringify(Object.fromEntries(form)) });
    },
    { allowInsecureHttp: fetch.allowInsecureHttp },
  );
}
