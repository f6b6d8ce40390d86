import { LRUCache } from "lru-cache";
import { Dispatcher, Pool, fetch as undiciFetch } from "undici";
import { OAuthError } from "../errors.ts";
import { parseDestinationAllowlist } from "./destination-allowlist.ts";
import { checkDestination } from "./guarded-fetch.ts";
import { createGuardedLookup } from "./guarded-lookup.ts";

export interface GuardedStreamingFetchPolicy {
  allowInsecureHttp?: boolean;
  allowedDestinations?: readonly string[];
  /** Origins with a connection pool at once; the least recently used one's is closed. Default 256. */
  maxOriginPools?: number;
}

/**
 * Members' settings can fill a remote URL's host (`{tenant}.example.com`), so the origins are not
 * a fixed few: unbounded, every origin ever used would keep its pool for the process's life.
 */
const DEFAULT_MAX_ORIGIN_POOLS = 256;

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
  // close(), not destroy(): an evicted pool finishes the requests it has, then ends its connections.
  const pools = new LRUCache<string, Pool>({
    max: policy.maxOriginPools ?? DEFAULT_MAX_ORIGIN_POOLS,
    dispose: (pool) => void pool.close(),
  });

  const poolFor = (url: URL) => {
    const destination = checkDestination(url, settings);
    return new OriginDispatcher(url.origin, () => {
      let pool = pools.get(url.origin);
      if (!pool) {
        pool = new Pool(url.origin, {
          connect: settings.allowlist.allowsHost(destination.hostname, destination.port)
            ? {}
            : { lookup: createGuardedLookup(destination, settings.allowlist) },
        });
        pools.set(url.origin, pool);
      }
      return pool;
    });
  };

  const guardedFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    return undiciFetch(url, { ...(init as object), redirect: "error", dispatcher: poolFor(url) });
  }) as unknown as typeof fetch;
  return { fetch: guardedFetch, dispatcherFor: poolFor };
}

/**
 * The connection pool for one origin, looked up on every request, so a caller that keeps it (an
 * upstream connection does) never holds a pool that was evicted and closed. It refuses requests for
 * any other origin: a Pool alone would send them to its own origin under the other's name and path,
 * an Agent to an origin never checked. It owns no connections, so closing it has nothing to do.
 */
class OriginDispatcher extends Dispatcher {
  private readonly origin: string;
  private readonly currentPool: () => Pool;

  constructor(origin: string, currentPool: () => Pool) {
    super();
    this.origin = origin;
    this.currentPool = currentPool;
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    // The origin string the pool was checked for needs no parsing: the per-call path passes it so.
    if (options.origin !== this.origin && new URL(options.origin ?? this.origin).origin !== this.origin) {
      throw new OAuthError("ssrf_blocked", `This connection pool serves ${this.origin} only.`);
    }
    return this.currentPool().dispatch(options, handler);
  }

  override close(): Promise<void> {
    return Promise.resolve();
  }

  override destroy(): Promise<void> {
    return Promise.resolve();
  }
}
