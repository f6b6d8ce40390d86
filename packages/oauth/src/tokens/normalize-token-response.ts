/**
 * Rewrites the token endpoint dialects of widely used providers into RFC 6749 §5.1/§5.2 before
 * oauth4webapi checks the answer, so a working grant is not refused and a dead one reads as
 * `invalid_grant` (re-authorize) rather than a malformed response retried forever:
 * - an error in a 200 body: GitHub (`{"error": "bad_refresh_token"}`), Slack (`"ok": false`);
 * - a form-encoded body (GitHub without `Accept: application/json`, older providers);
 * - Slack's v2 user token, only under `authed_user` when only user scopes were asked for, and its
 *   `token_type` `user`/`bot` (both bearer tokens);
 * - a missing `token_type` (bearer is all a token endpoint without DPoP issues);
 * - `scope` as a comma-separated list (GitHub, Slack), stored space-separated like RFC 6749's;
 * - an error named only in `status` (HubSpot's `BAD_REFRESH_TOKEN` with 400).
 * With `ignoreIdToken` an ID token is left out before it is checked: a caller that never signs
 * anyone in with it (connectors) must not lose a working grant over its claims, such as an
 * issuer a provider entered by its endpoints cannot know.
 * The body holds tokens: it is only ever handed on inside the new response, never logged.
 */
export async function normalizeTokenResponse(
  response: Response,
  options: { ignoreIdToken?: boolean | undefined } = {},
): Promise<Response> {
  if (response.status !== 200) return normalizeFailure(response);
  const text = await response.text();
  const body = parseBody(text, response.headers.get("content-type"));
  if (body === undefined) return rebuild(text, 200, response.headers.get("content-type"));
  const error = readError(body);
  if (error !== undefined) {
    return Response.json(
      { error: DIALECT_ERRORS[error] ?? error, error_description: readString(body.error_description) ?? error },
      { status: 400 },
    );
  }
  const normalized = normalizeSuccess(body);
  if (options.ignoreIdToken) delete normalized.id_token;
  return Response.json(normalized, { status: 200 });
}

/** Provider error codes (in a 200 body) that mean the same as RFC 6749's. */
const DIALECT_ERRORS: Readonly<Record<string, string>> = {
  // GitHub: docs.github.com "Troubleshooting OAuth app access token request errors" and
  // "Refreshing user access tokens".
  bad_verification_code: "invalid_grant",
  bad_refresh_token: "invalid_grant",
  incorrect_client_credentials: "invalid_client",
  // Slack: docs.slack.dev/reference/methods/oauth.v2.access, "Errors".
  invalid_code: "invalid_grant",
  code_already_used: "invalid_grant",
  invalid_refresh_token: "invalid_grant",
  invalid_client_id: "invalid_client",
  bad_client_secret: "invalid_client",
};

/**
 * HubSpot's errors: 400 with `status` and `message` and no `error` (developers.hubspot.com,
 * "Refresh an OAuth access token"; the codes as HubSpot's answers and community threads show them).
 */
const STATUS_ERRORS: Readonly<Record<string, string>> = {
  BAD_REFRESH_TOKEN: "invalid_grant",
  BAD_AUTH_CODE: "invalid_grant",
  BAD_CLIENT_ID: "invalid_client",
};

/** A 400 whose body names its error only in a provider's own member, rewritten as RFC 6749 §5.2. */
async function normalizeFailure(response: Response): Promise<Response> {
  if (response.status !== 400) return response;
  const body = parseBody(await response.clone().text(), response.headers.get("content-type"));
  const status = readString(body?.status);
  const error = body?.error === undefined && status !== undefined ? STATUS_ERRORS[status] : undefined;
  if (error === undefined) return response;
  return Response.json({ error, error_description: readString(body?.message) ?? status }, { status: 400 });
}

type Body = Record<string, unknown>;

function parseBody(text: string, contentType: string | null): Body | undefined {
  if (contentType?.includes("application/x-www-form-urlencoded") || contentType?.startsWith("text/plain")) {
    const form = Object.fromEntries(new URLSearchParams(text));
    if ("access_token" in form || "error" in form) return form;
  }
  try {
    const json: unknown = JSON.parse(text);
    return typeof json === "object" && json !== null && !Array.isArray(json) ? (json as Body) : undefined;
  } catch {
    return undefined;
  }
}

function readError(body: Body): string | undefined {
  if (body.access_token !== undefined && body.ok !== false) return undefined;
  return readString(body.error) ?? (body.ok === false ? "server_error" : undefined);
}

function normalizeSuccess(body: Body): Body {
  const user = body.authed_user;
  const slackUser =
    body.access_token === undefined && typeof user === "object" && user !== null ? (user as Body) : undefined;
  const normalized: Body = slackUser ? { ...slackUser } : { ...body };
  const tokenType = readString(normalized.token_type);
  if (tokenType === undefined || (body.ok === true && SLACK_TOKEN_TYPES.has(tokenType))) {
    normalized.token_type = "bearer";
  }
  const scope = readString(normalized.scope);
  if (scope?.includes(","))
    normalized.scope = scope
      .split(/[\s,]+/)
      .filter(Boolean)
      .join(" ");
  return normalized;
}

const SLACK_TOKEN_TYPES = new Set(["user", "bot"]);

function readString(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function rebuild(text: string, status: number, contentType: string | null): Response {
  return new Response(text, { status, headers: contentType === null ? {} : { "content-type": contentType } });
}
