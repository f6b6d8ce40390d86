import { Pool, type Dispatcher, fetch as undiciFetch } from "undici";
import { OAuthError } from "../errors.ts";
import { parseDestinationAllowlist } from "./destination-allowlist.ts";
import { checkDestination } from "./guarded-fetch.ts";
import { createGuardedLookup } from "./guarded-lookup.ts";

export interface GuardedStreamingFetchPolicy {
  allowInsecureHttp?: boolean;
  allowedDestinations?: readonly string[];
}

export interface GuardedRemoteHttp {
  /** For clients that take a fetch, such as the MCP SDK's transports. */
  fetch: typeof fetch;
  /**
   * The guarded connection pool for a URL's origin, for undici's `request`, which costs a fraction
   * of `fetch` per call. Throws as `fetch` would when the destination is refused; `request` follows
   * no redirects. The pool refuses requests for any other origin: only this one was checked.
   */
  dispatcherFor(url: URL): Dispatcher;
}

/**
 * A `fetch` for long-lived MCP traffic to remote servers (Streamable HTTP, SSE): the same
 * destination checks as `createGuardedFetch` — https only, private and link-local addresses
 * refused unless allowlisted, the resolved address pinned — but the body streams through and the
 * MCP client owns timeouts. Redirects are refused: an MCP endpoint does not move between requests.
 * One connection pool per destination keeps connections alive.
 */
export function createGuardedStreamingFetch(policy: GuardedStreamingFetchPolicy = {}): typeof fetch {
  return createGuardedRemoteHttp(policy).fetch;
}

/** The guarded `fetch` and, sharing its connection pools, the dispatchers for undici's `request`. */
export function createGuardedRemoteHttp(policy: GuardedStreamingFetchPolicy = {}): GuardedRemoteHttp {
  const settings = {
    allowInsecureHttp: policy.allowInsecureHttp ?? false,
    allowlist: parseDestinationAllowlist(policy.allowedDestinations ?? []),
  };
  const pools = new Map<string, Dispatcher>();

  const poolFor = (url: URL) => {
    const destination = checkDestination(url, settings);
    let pool = pools.get(url.origin);
    if (!pool) {
      pool = createOriginPool(
        url.origin,
        settings.allowlist.allowsHost(destination.hostname, destination.port)
          ? {}
          : { lookup: createGuardedLookup(destination, settings.allowlist) },
      );
      pools.set(url.origin, pool);
    }
    return pool;
  };

  const guardedFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    return undiciFetch(url, { ...(init as object), redirect: "error", dispatcher: poolFor(url) });
  }) as unknown as typeof fetch;
  return { fetch: guardedFetch, dispatcherFor: poolFor };
}

/**
 * A connection pool for one origin that refuses requests for any other: a Pool alone would send
 * them to its own origin under the other's name and path, an Agent to an origin never checked.
 */
function createOriginPool(origin: string, connect: Pool.Options["connect"]): Dispatcher {
  return new Pool(origin, { connect }).compose((dispatch) => (options, handler) => {
    if (new URL(options.origin ?? origin).origin !== origin) {
      throw new OAuthError("ssrf_blocked", `This connection pool serves ${origin} only.`);
    }
    return dispatch(options, handler);
  });
}
