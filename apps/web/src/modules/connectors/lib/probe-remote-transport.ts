import {
  deriveLaunchSpec,
  isLegacyTransportRefusal,
  isOAuth,
  type CatalogEntry,
  type RemoteTransport,
} from "@switchboard/catalog";

const PROBE_TIMEOUT_MS = 5_000;
const MODERN_REVISION = "2026-07-28";

const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "switchboard-probe", version: "1" } },
});

/** A 2026-07-28 request needs no session: `server/discover` is what a modern client asks first. */
const DISCOVER = JSON.stringify({
  jsonrpc: "2.0",
  id: 0,
  method: "server/discover",
  params: {
    _meta: {
      "io.modelcontextprotocol/protocolVersion": MODERN_REVISION,
      "io.modelcontextprotocol/clientInfo": { name: "switchboard-probe", version: "1" },
      "io.modelcontextprotocol/clientCapabilities": {},
    },
  },
});

/** The server is there and speaks the transport, but wants credentials first (the authorization flow's job). */
const WANTS_CREDENTIALS = new Set([401, 403]);

type ProbeOutcome = { ok: true } | { ok: false; status?: number };

/**
 * Checks, before a connector is stored, that a remote entry's server answers on the transport
 * it declares, as the gateway will reach it: Streamable HTTP (a POSTed `initialize`, or for a
 * server that refuses it with HTTP 400 a 2026-07-28 `server/discover`; a server that refuses it
 * the legacy way is tried on SSE, as the gateway does) or legacy HTTP+SSE (a `GET` that
 * opens an event stream). Returns what to tell the member when it does not, else undefined. The
 * message names only the host: the URL's path or query may carry a member's setting.
 */
export async function probeRemoteTransport(
  fetch: typeof globalThis.fetch,
  entry: CatalogEntry,
  settings: Readonly<Record<string, unknown>>,
): Promise<string | undefined> {
  // The real token comes after authorization; the probe goes without it.
  const spec = deriveLaunchSpec(entry, settings, isOAuth(entry.auth) ? { accessToken: "probe" } : {});
  if (spec.kind !== "remote") return undefined;
  const { Authorization: _token, ...headers } = spec.headers;
  const url = new URL(spec.url);
  const transport: RemoteTransport = spec.transport;

  if (transport === "streamable-http") {
    const streamable = await probeStreamableHttp(fetch, url, headers);
    if (streamable.ok) return undefined;
    // A server that speaks only 2026-07-28 refuses the 2025 initialize with HTTP 400, as the gateway expects.
    if (streamable.status === 400 && (await probeModern(fetch, url, headers)).ok) return undefined;
    if (!isLegacyTransportRefusal(streamable.status)) {
      return describe(entry, url, "Streamable HTTP", streamable);
    }
  }
  const sse = await probeSse(fetch, url, headers);
  if (sse.ok) return undefined;
  return describe(entry, url, transport === "sse" ? "the legacy HTTP+SSE transport" : "Streamable HTTP or legacy HTTP+SSE", sse); // prettier-ignore
}

async function probeStreamableHttp(fetch: typeof globalThis.fetch, url: URL, headers: Record<string, string>) {
  return probe(fetch, url, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: INITIALIZE,
  }, (response) => response.ok); // prettier-ignore
}

async function probeModern(fetch: typeof globalThis.fetch, url: URL, headers: Record<string, string>) {
  return probe(fetch, url, {
    method: "POST",
    headers: {
      ...headers,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": MODERN_REVISION,
      "mcp-method": "server/discover",
    },
    body: DISCOVER,
  }, (response) => response.ok); // prettier-ignore
}

async function probeSse(fetch: typeof globalThis.fetch, url: URL, headers: Record<string, string>) {
  return probe(
    fetch,
    url,
    { method: "GET", headers: { ...headers, accept: "text/event-stream" } },
    (response) => response.ok && (response.headers.get("content-type") ?? "").startsWith("text/event-stream"),
  );
}

async function probe(
  fetch: typeof globalThis.fetch,
  url: URL,
  init: RequestInit,
  speaksTransport: (response: Response) => boolean,
): Promise<ProbeOutcome> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  } catch {
    return { ok: false };
  }
  // An event stream stays open: the status and headers are all the probe needs.
  await response.body?.cancel().catch(() => undefined);
  return WANTS_CREDENTIALS.has(response.status) || speaksTransport(response)
    ? { ok: true }
    : { ok: false, status: response.status };
}

function describe(entry: CatalogEntry, url: URL, transport: string, outcome: ProbeOutcome): string {
  const answer =
    outcome.ok || outcome.status === undefined ? "could not be reached" : `answered HTTP ${outcome.status}`;
  return `${entry.name} cannot be installed: its server at ${url.host} ${answer} when Switchboard tried to speak MCP over ${transport} to it. Check the entry's URL and transport, or try again later.`;
}
