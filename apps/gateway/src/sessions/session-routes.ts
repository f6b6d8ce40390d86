import { createHash } from "node:crypto";
import type { GatewayPrincipal } from "../auth/authenticate.ts";
import { AGGREGATE_NAMING, directNaming, type ConnectorNaming } from "../tools/connector-naming.ts";
import { buildToolRoutes, type ToolRoute } from "../tools/tool-names.ts";
import type { VisibleConnector } from "../tools/visible-connectors.ts";

export interface ToolCatalog {
  connectors: VisibleConnector[];
  /** Connector id → its prefix in tool names and gateway URIs. */
  prefixes: Map<string, string>;
  /** Prefix → connector id. */
  connectorIds: Map<string, string>;
  routes: Map<string, ToolRoute>;
  /** How clients name what the connectors offer: namespaced, or on a connector's own endpoint as its server does. */
  naming: ConnectorNaming;
  /** What the catalog was built from, to notice when a rebuild changed anything. */
  fingerprint: string;
}

/**
 * A session's view of the connectors its token may use, read once and reused by every call
 * until `invalidate` (the process-wide change watcher, or a changed token profile) drops it.
 */
export class SessionRoutes {
  private cached: Promise<ToolCatalog> | undefined;

  constructor(
    private principal: GatewayPrincipal,
    private readonly load: (principal: GatewayPrincipal) => Promise<VisibleConnector[]>,
  ) {}

  get currentPrincipal(): GatewayPrincipal {
    return this.principal;
  }

  current(): Promise<ToolCatalog> {
    if (!this.cached) {
      const direct = this.principal.connectorEndpoint !== undefined;
      const catalog = this.load(this.principal).then((connectors) => shareCatalog(connectors, direct));
      this.cached = catalog;
      // A failed read is not cached: the next request tries again.
      catalog.catch(() => {
        if (this.cached === catalog) this.cached = undefined;
      });
    }
    return this.cached;
  }

  /** Drops the cached catalog and reads it again. */
  reload(): Promise<ToolCatalog> {
    this.cached = undefined;
    return this.current();
  }

  /** Rebuilds from the database and tells whether the visible tools changed. */
  async refresh(): Promise<boolean> {
    const before = await this.fingerprintOrEmpty();
    this.cached = undefined;
    return before !== (await this.fingerprintOrEmpty());
  }

  /** Follows the token's current profile (authentication re-reads it on every request). */
  updatePrincipal(principal: GatewayPrincipal): boolean {
    // The token check cache hands out the same object until the token changes: nothing to compare.
    if (principal === this.principal) return false;
    const changed = profileKey(principal) !== profileKey(this.principal);
    this.principal = principal;
    if (changed) this.cached = undefined;
    return changed;
  }

  private fingerprintOrEmpty(): Promise<string> {
    return this.current().then(
      (catalog) => catalog.fingerprint,
      () => "",
    );
  }
}

export function profileKey(principal: GatewayPrincipal): string {
  return `${principal.teamId ?? ""}/${principal.connectorIds?.join(",") ?? "*"}/${principal.connectorEndpoint ?? ""}`;
}

/**
 * Sessions that see the same connectors (one token profile, many sessions) hold one catalog, not a
 * copy each: memory per session with many tools. Shared only when what was read is identical, so
 * each session still reads and invalidates on its own schedule and is never handed other tools.
 * Nothing changes a catalog once built.
 */
const sharedCatalogs = new Map<string, WeakRef<ToolCatalog>>();
const forgetSharedCatalog = new FinalizationRegistry<string>((key) => {
  if (sharedCatalogs.get(key)?.deref() === undefined) sharedCatalogs.delete(key);
});

function shareCatalog(connectors: VisibleConnector[], direct: boolean): ToolCatalog {
  const key = `${direct ? "direct" : "aggregate"}:${createHash("sha256").update(JSON.stringify(connectors)).digest("base64")}`;
  const shared = sharedCatalogs.get(key)?.deref();
  if (shared) return shared;
  const catalog = buildCatalog(connectors, direct);
  sharedCatalogs.set(key, new WeakRef(catalog));
  forgetSharedCatalog.register(catalog, key);
  return catalog;
}

function buildCatalog(connectors: VisibleConnector[], direct: boolean): ToolCatalog {
  const { prefixes, routes } = buildToolRoutes(connectors, direct);
  const fingerprint = connectors.map((connector) => `${connector.id}@${connector.updatedAt.getTime()}`);
  const connectorIds = new Map([...prefixes].map(([id, prefix]) => [prefix, id]));
  const naming = direct ? directNaming(connectors[0] && prefixes.get(connectors[0].id)) : AGGREGATE_NAMING;
  return { connectors, prefixes, connectorIds, routes, naming, fingerprint: fingerprint.join(",") };
}
