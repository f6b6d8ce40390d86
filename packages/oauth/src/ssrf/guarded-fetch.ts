import { isIP } from "node:net";
import { Readable, finished } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { Agent, request as undiciRequest } from "undici";
import { OAuthError, isOAuthError } from "../errors.ts";
import { normalizeHost, parseDestinationAllowlist, type DestinationAllowlist } from "./destination-allowlist.ts";
import { assertAddressAllowed, createGuardedLookup, type Destination } from "./guarded-lookup.ts";
import { limitBody, readLimitedBody } from "./read-limited-body.ts";

export interface GuardedFetchPolicy {
  /** Allow plain `http:` URLs. Development and tests only. */
  allowInsecureHttp?: boolean;
  /** Destinations that may be private addresses: host names, `host:port`, IPs, CIDR networks. */
  allowedDestinations?: readonly string[];
  /** Whole-request budget, connect to last body byte. Default 10 s. */
  timeoutMs?: number;
  /** Default 1 MiB. */
  maxResponseBytes?: number;
  /** Redirects followed (each hop re-checked) when the request asks to follow them. Default 3. */
  maxRedirects?: number;
  /** Extra certificate authorities (PEM) to trust, e.g. a private PKI or a test's own certificate. */
  ca?: string;
  /**
   * Hand the body over as it arrives (still counted against maxResponseBytes and the timeout)
   * instead of reading it into memory first: for downloads the caller consumes as they stream.
   * The caller must read the body to its end or cancel it; that closes the connection.
   */
  streamBody?: boolean;
  /** Fail a host that sends nothing for this long, before or within the body (undici's `headersTimeout` and `bodyTimeout`). */
  stallTimeoutMs?: number;
}

/**
 * `fetch` with an SSRF guard. Every function of this package that talks to a server takes one,
 * so no request can bypass the guard. `allowInsecureHttp` tells oauth4webapi whether to accept
 * `http:` endpoints.
 */
export interface GuardedFetch {
  (input: string | URL | Request, init?: RequestInit): Promise<Response>;
  readonly allowInsecureHttp: boolean;
}

interface Settings {
  allowInsecureHttp: boolean;
  allowlist: DestinationAllowlist;
  timeoutMs: number;
  maxResponseBytes: number;
  maxRedirects: number;
  ca: string | undefined;
  streamBody: boolean;
  stallTimeoutMs: number | undefined;
}

interface OutgoingRequest {
  url: URL;
  method: string;
  headers: Headers;
  body: Uint8Array | undefined;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

export function createGuardedFetch(policy: GuardedFetchPolicy = {}): GuardedFetch {
  const settings: Settings = {
    allowInsecureHttp: policy.allowInsecureHttp ?? false,
    allowlist: parseDestinationAllowlist(policy.allowedDestinations ?? []),
    timeoutMs: policy.timeoutMs ?? 10_000,
    maxResponseBytes: policy.maxResponseBytes ?? 1024 * 1024,
    maxRedirects: policy.maxRedirects ?? 3,
    ca: policy.ca,
    streamBody: policy.streamBody ?? false,
    stallTimeoutMs: policy.stallTimeoutMs,
  };

  const guardedFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    const signal = AbortSignal.any([request.signal, timeout]);
    const outgoing: OutgoingRequest = {
      url: new URL(request.url),
      method: request.method,
      headers: new Headers(request.headers),
      body: request.body ? new Uint8Array(await request.arrayBuffer()) : undefined,
    };
    if (!outgoing.headers.has("user-agent")) outgoing.headers.set("user-agent", "switchboard-oauth");
    try {
      return await sendFollowingRedirects(outgoing, request.redirect, settings, signal, () => timeout.aborted);
    } catch (error) {
      if (request.signal.aborted) throw error;
      throw toOAuthError(error, timeout.aborted, outgoing.url.hostname, settings.stallTimeoutMs);
    }
  };
  return Object.assign(guardedFetch, { allowInsecureHttp: settings.allowInsecureHttp });
}

async function sendFollowingRedirects(
  first: OutgoingRequest,
  mode: Request["redirect"],
  settings: Settings,
  signal: AbortSignal,
  timedOut: () => boolean,
): Promise<Response> {
  let current = first;
  for (let hop = 0; ; hop++) {
    const response = await sendOnce(current, settings, signal, timedOut);
    const location = response.headers.get("location");
    if (mode === "manual" || !REDIRECT_STATUSES.has(response.status) || location === null) return response;
    // A streamed hop's body holds its connection open until cancelled.
    await response.body?.cancel();
    if (mode === "error" || hop >= settings.maxRedirects) {
      throw new OAuthError("too_many_redirects", `${current.url.hostname} redirected more often than allowed.`);
    }
    current = redirectedRequest(current, response.status, new URL(location, current.url));
  }
}

/** The next hop as fetch defines it: 303 (and 301/302 after POST) become a GET without body. */
function redirectedRequest(previous: OutgoingRequest, status: number, url: URL): OutgoingRequest {
  const headers = new Headers(previous.headers);
  if (url.origin !== previous.url.origin) {
    headers.delete("authorization");
    headers.delete("cookie");
  }
  const becomesGet =
    (status === 303 && previous.method !== "HEAD") || ([301, 302].includes(status) && previous.method === "POST");
  if (!becomesGet) return { ...previous, url, headers };
  headers.delete("content-type");
  headers.delete("content-length");
  return { url, method: "GET", headers, body: undefined };
}

async function sendOnce(
  outgoing: OutgoingRequest,
  settings: Settings,
  signal: AbortSignal,
  timedOut: () => boolean,
): Promise<Response> {
  const destination = checkDestination(outgoing.url, settings);
  const dispatcher = new Agent({
    connect: {
      ...(settings.ca ? { ca: settings.ca } : {}),
      ...(settings.allowlist.allowsHost(destination.hostname, destination.port)
        ? {}
        : { lookup: createGuardedLookup(destination, settings.allowlist) }),
    },
  });
  let bodyOwnsDispatcher = false;
  try {
    const response = await undiciRequest(outgoing.url, {
      method: outgoing.method,
      headers: Object.fromEntries(outgoing.headers),
      body: outgoing.body,
      dispatcher,
      signal,
      ...(settings.stallTimeoutMs && { headersTimeout: settings.stallTimeoutMs, bodyTimeout: settings.stallTimeoutMs }),
    });
    const contentLength = response.headers["content-length"];
    const declared = typeof contentLength === "string" ? contentLength : undefined;
    const init = { status: response.statusCode, headers: toHeaders(response.headers) };
    if (settings.streamBody && !NULL_BODY_STATUSES.has(response.statusCode)) {
      const chunks = limitBody(response.body, declared, settings.maxResponseBytes, destination.hostname);
      bodyOwnsDispatcher = true;
      return new Response(
        streamOwningConnection(chunks, dispatcher, (error) =>
          toOAuthError(error, timedOut(), destination.hostname, settings.stallTimeoutMs),
        ),
        init,
      );
    }
    const bytes = await readLimitedBody(response.body, declared, settings.maxResponseBytes, destination.hostname);
    return new Response(NULL_BODY_STATUSES.has(response.statusCode) ? null : new Uint8Array(bytes), init);
  } finally {
    if (!bodyOwnsDispatcher) await dispatcher.destroy();
  }
}

/**
 * A streamed body owns its connection: it is closed when the body ends, fails or is cancelled
 * (destroying the dispatcher also ends a body nobody started reading).
 */
function streamOwningConnection(
  chunks: AsyncGenerator<Buffer>,
  dispatcher: Agent,
  toError: (error: unknown) => OAuthError,
): ReadableStream<Uint8Array> {
  const body = Readable.from(
    (async function* () {
      try {
        yield* chunks;
      } catch (error) {
        throw toError(error);
      }
    })(),
  );
  finished(body, () => void dispatcher.destroy());
  return Readable.toWeb(body) as NodeReadableStream<Uint8Array> as ReadableStream<Uint8Array>;
}

/** Scheme and IP-literal checks that need no DNS; host names are checked by the lookup. */
export function checkDestination(url: URL, settings: Pick<Settings, "allowInsecureHttp" | "allowlist">): Destination {
  const hostname = normalizeHost(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && settings.allowInsecureHttp)) {
    throw new OAuthError("insecure_url", `Only https URLs may be fetched (got ${url.protocol} for ${hostname}).`);
  }
  const destination = { hostname, port: Number(url.port || (url.protocol === "https:" ? 443 : 80)) };
  if (isIP(hostname) !== 0 && !settings.allowlist.allowsHost(hostname, destination.port)) {
    assertAddressAllowed(hostname, destination, settings.allowlist);
  }
  return destination;
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  return headers;
}

function toOAuthError(
  error: unknown,
  timedOut: boolean,
  hostname: string,
  stallTimeoutMs: number | undefined,
): OAuthError {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (isOAuthError(cause)) return cause;
  }
  if (timedOut) return new OAuthError("timeout", `${hostname} did not answer in time.`, { retryable: true });
  const code = (error as { code?: unknown }).code;
  if ((code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_HEADERS_TIMEOUT") && stallTimeoutMs) {
    const message = `${hostname} stopped sending: nothing arrived for ${stallTimeoutMs / 1000} s.`;
    return new OAuthError("timeout", message, { retryable: true });
  }
  const reason = typeof code === "string" ? ` (${code})` : "";
  return new OAuthError("network_error", `Could not reach ${hostname}${reason}.`, { retryable: true });
}
