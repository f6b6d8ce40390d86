import { Agent, type Dispatcher, fetch as undiciFetch } from "undici";
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
   * The guarded connection pool for a URL, for undici's `request`, which costs a fraction of
   * `fetch` per call. Throws as `fetch` would when the destination is refused; `request` follows
   * no redirects.
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
  const agents = new Map<string, Agent>();

  const agentFor = (url: URL) => {
    const destination = checkDestination(url, settings);
    const key = `${destination.hostname}:${destination.port}`;
    let agent = agents.get(key);
    if (!agent) {
      agent = new Agent({
        connect: settings.allowlist.allowsHost(destination.hostname, destination.port)
          ? {}
          : { lookup: createGuardedLookup(destination, settings.allowlist) },
      });
      agents.set(key, agent);
    }
    return agent;
  };

  const guardedFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    return undiciFetch(url, { ...(init as object), redirect: "error", dispatcher: agentFor(url) });
  }) as unknown as typeof fetch;
  return { fetch: guardedFetch, dispatcherFor: agentFor };
}
