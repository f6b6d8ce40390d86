import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { LoggingLevel, ServerNotification } from "@modelcontextprotocol/sdk/types.js";
import { passesLevel } from "./log-level.ts";
import type { Subscriber } from "./resource-subscriptions.ts";
import type { SessionRoutes } from "./session-routes.ts";

/**
 * What one session hears from its upstreams: their log messages at or above the session's level
 * (the logger named after the connector), updates of resources it subscribed to, and changes of
 * their prompt and resource lists. An upstream connection serves every session, so an
 * connector's notifications go to each session that sees the connector, and to no other.
 */
export class SessionNotifications implements Subscriber {
  private level: LoggingLevel | undefined;

  constructor(
    private readonly server: Server,
    private readonly routes: SessionRoutes,
  ) {}

  get logLevel(): LoggingLevel | undefined {
    return this.level;
  }

  setLogLevel(level: LoggingLevel): void {
    this.level = level;
  }

  deliver(connectorId: string, notification: ServerNotification): void {
    switch (notification.method) {
      case "notifications/message": {
        const { params } = notification;
        if (!passesLevel(params.level, this.level)) return;
        this.whenVisible(connectorId, (prefix) =>
          this.server.sendLoggingMessage({ ...params, logger: params.logger ? `${prefix}/${params.logger}` : prefix }),
        );
        return;
      }
      case "notifications/prompts/list_changed":
        this.whenVisible(connectorId, () => this.server.sendPromptListChanged());
        return;
      case "notifications/resources/list_changed":
        this.whenVisible(connectorId, () => this.server.sendResourceListChanged());
        return;
      // Tool lists come from what the runner recorded (the change watcher covers them); resource
      // updates go through the subscription registry.
    }
  }

  resourceUpdated(connectorId: string, gatewayUri: string): void {
    this.whenVisible(connectorId, () => this.server.sendResourceUpdated({ uri: gatewayUri }));
  }

  private whenVisible(connectorId: string, send: (prefix: string) => Promise<void>): void {
    void this.routes
      .current()
      .then(({ prefixes }) => {
        const prefix = prefixes.get(connectorId);
        return prefix === undefined ? undefined : send(prefix);
      })
      .catch(() => undefined);
  }
}
