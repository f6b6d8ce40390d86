import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { LoggingLevel, ServerNotification, TaskStatusNotification } from "@modelcontextprotocol/sdk/types.js";
import { withClientTaskId } from "../tasks/relay-task-request.ts";
import type { CreatedTask } from "../tasks/session-task-relay.ts";
import { passesLevel } from "./log-level.ts";
import type { Subscriber } from "./resource-subscriptions.ts";
import type { ConnectorNaming } from "../tools/connector-naming.ts";
import type { SessionRoutes } from "./session-routes.ts";

const MAX_WATCHED_TASKS = 1_000;
const TERMINAL_STATUSES = new Set(["completed", "failed", "cancelled"]);

/**
 * What one session hears from its upstreams: their log messages at or above the session's level
 * (the logger named after the connector), updates of resources it subscribed to, changes of
 * their prompt and resource lists, and the status of tasks it created. An upstream connection
 * serves every session, so a connector's notifications go to each session that sees the
 * connector, and to no other.
 */
export class SessionNotifications implements Subscriber {
  private level: LoggingLevel | undefined;
  /** Tasks this session created, `<connector id> <upstream task id>` → the id the client holds. */
  private readonly tasks = new Map<string, string>();

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
        // The logger names its connector where several share the session, as the server named it on its own endpoint.
        this.whenVisible(connectorId, (prefix, { direct }) =>
          this.server.sendLoggingMessage(
            direct ? params : { ...params, logger: params.logger ? `${prefix}/${params.logger}` : prefix },
          ),
        );
        return;
      }
      case "notifications/prompts/list_changed":
        this.whenVisible(connectorId, () => this.server.sendPromptListChanged());
        return;
      case "notifications/resources/list_changed":
        this.whenVisible(connectorId, () => this.server.sendResourceListChanged());
        return;
      case "notifications/tasks/status":
        this.relayTaskStatus(connectorId, notification.params);
        return;
      // Tool lists come from what the runner recorded and the gateway re-records on an upstream's
      // tools/list_changed (the change watcher covers both); resource updates go through the
      // subscription registry.
    }
  }

  /**
   * Relays the status notifications of a task this session created, under the id its client
   * holds, until the task ends; other sessions of the connector never hear of it. The oldest task
   * is forgotten past MAX_WATCHED_TASKS (one whose end was never announced).
   */
  watchTask({ connectorId, upstreamTaskId, taskId }: CreatedTask): void {
    this.tasks.set(`${connectorId} ${upstreamTaskId}`, taskId);
    if (this.tasks.size > MAX_WATCHED_TASKS) this.tasks.delete(this.tasks.keys().next().value!);
  }

  private relayTaskStatus(connectorId: string, params: TaskStatusNotification["params"]): void {
    const key = `${connectorId} ${params.taskId}`;
    const taskId = this.tasks.get(key);
    if (taskId === undefined) return;
    if (TERMINAL_STATUSES.has(params.status)) this.tasks.delete(key);
    const status = { method: "notifications/tasks/status", params: withClientTaskId(params, taskId) } as const;
    this.whenVisible(connectorId, () => this.server.notification(status as never));
  }

  resourceUpdated(connectorId: string, gatewayUri: string): void {
    this.whenVisible(connectorId, () => this.server.sendResourceUpdated({ uri: gatewayUri }));
  }

  private whenVisible(connectorId: string, send: (prefix: string, naming: ConnectorNaming) => Promise<void>): void {
    void this.routes
      .current()
      .then(({ prefixes, naming }) => {
        const prefix = prefixes.get(connectorId);
        return prefix === undefined ? undefined : send(prefix, naming);
      })
      .catch(() => undefined);
  }
}
