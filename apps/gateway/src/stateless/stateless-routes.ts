import type { PrismaClient } from "@switchboard/db";
import type { Logger } from "pino";
import type { GatewayPrincipal } from "../auth/authenticate.ts";
import { profileKey, SessionRoutes } from "../sessions/session-routes.ts";
import { findVisibleConnectors, readVisibilityVersion } from "../tools/visible-connectors.ts";

export interface StatelessRoutesOptions {
  prisma: PrismaClient;
  logger: Logger;
  /** How often a change of what tokens see is looked for (the sessions' list-changed interval). */
  pollMs: number;
  maxEntries: number;
}

/**
 * The visible connectors of each token (and profile) that stateless clients use, kept between
 * their requests as a session keeps its own: read once, reused until the visibility version (the
 * one query the sessions' change watcher makes) moves, so a 2026-07-28 request costs no database
 * round trip and sees a change within one poll interval, as a session does.
 */
export class StatelessRoutes {
  private readonly routes = new Map<string, SessionRoutes>();
  /**
   * The principal served last and its routes: the token check hands out the same principal until
   * the token changes, so one client, or many on one token, costs no key and no reordering.
   */
  private last: { principal: GatewayPrincipal; routes: SessionRoutes } | undefined;
  private readonly poll: NodeJS.Timeout;
  private version: string | undefined;
  private polling = false;

  constructor(private readonly options: StatelessRoutesOptions) {
    this.poll = setInterval(() => void this.dropIfChanged(), options.pollMs);
    this.poll.unref();
  }

  routesFor(principal: GatewayPrincipal): SessionRoutes {
    if (this.last?.principal === principal) return this.last.routes;
    const key = `${principal.tokenId}|${profileKey(principal)}`;
    let routes = this.routes.get(key);
    if (routes) {
      // Map order is use order: the least recently used token goes first when the map is full.
      this.routes.delete(key);
      this.routes.set(key, routes);
    } else {
      routes = new SessionRoutes(principal, (current) => findVisibleConnectors(this.options.prisma, current));
      this.routes.set(key, routes);
      if (this.routes.size > this.options.maxEntries) this.routes.delete(this.routes.keys().next().value!);
    }
    this.last = { principal, routes };
    return routes;
  }

  close(): void {
    clearInterval(this.poll);
    this.forgetAll();
  }

  private forgetAll(): void {
    this.routes.clear();
    this.last = undefined;
  }

  private async dropIfChanged(): Promise<void> {
    if (this.polling || this.routes.size === 0) return;
    this.polling = true;
    try {
      const version = await readVisibilityVersion(this.options.prisma);
      // Routes read before the first poll may be older than its version: a first read counts as a change.
      if (version !== this.version) this.forgetAll();
      this.version = version;
    } catch (error) {
      // The version is unknown: nothing cached may be trusted until it is read again.
      this.forgetAll();
      this.version = undefined;
      this.options.logger.warn({ err: error }, "could not check for visibility changes of stateless clients");
    } finally {
      this.polling = false;
    }
  }
}
