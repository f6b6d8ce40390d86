import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type CallToolResult,
  type LoggingLevel,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import { registerCompletions } from "./completions.ts";
import { LazySchemaValidator } from "./lazy-schema-validator.ts";
import { createClientInput } from "./client-input.ts";
import type { ForwardToolCall } from "../tools/forward-tool-call.ts";
import { enableUpstreamLogging, registerLogging, type UpstreamLogging } from "./log-level.ts";
import { passOnClientMeta } from "../tools/client-meta.ts";
import { listNamespacedTools } from "../tools/namespaced-tools.ts";
import { registerPromptsAndResources } from "./prompts-and-resources.ts";
import { RelayedError } from "./relayed-error.ts";
import {
  registerResourceSubscriptions,
  subscribeGatewayUri,
  type ResourceSubscriptions,
} from "./resource-subscriptions.ts";
import type { TaskRelayOptions } from "../tasks/relay-task-request.ts";
import { callToolAsTask, registerSessionTaskRelay, SESSION_TASKS_CAPABILITY } from "../tasks/session-task-relay.ts";
import { SessionNotifications } from "./session-notifications.ts";
import type { SessionUpstreams } from "./session-upstreams.ts";

export interface SessionServerOptions {
  upstreams: SessionUpstreams;
  forwardToolCall: ForwardToolCall;
  tasks: TaskRelayOptions;
  subscriptions: ResourceSubscriptions;
  logging: UpstreamLogging;
  /** Composed from the visible connectors' own (connector-instructions.ts) when the session opened. */
  instructions?: string | undefined;
  /** Where the session's log level and subscriptions are shared with other gateway instances. */
  record?: {
    logLevel(level: LoggingLevel): Promise<void>;
    subscription(gatewayUri: string, subscribed: boolean): Promise<void>;
  };
}

/** The session state a client set through another gateway instance (shared-sessions.ts). */
export interface SessionState {
  logLevel?: LoggingLevel;
  subscriptions: string[];
}

/**
 * The MCP server one client session talks to: the tools of every connector the token may use,
 * each named `<connector>__<tool>`, and calls routed to that connector's upstream server;
 * prompts, resources and their templates, completions, subscriptions and logging likewise. The
 * gateway always offers the last three, as there is no telling which connectors a session will
 * see: an upstream without one of them contributes nothing to it (no suggestions, no messages) or,
 * for a subscription, refuses it by name.
 * Listing re-reads visibility; calls use the session's cached routes, which the change watcher and
 * profile changes invalidate (the token itself is re-checked on every request). Plain tool calls
 * skip this server (tool-call-fast-path.ts); those streaming progress come here; both forward
 * through forward-tool-call.ts. A client that can be asked for input (client-input.ts) has its
 * calls to connectors that may ask for it (2026-07-28 ones) come here, where the upstream's input
 * requests go to it on the call's own stream.
 */
export function createSessionServer({
  upstreams,
  forwardToolCall,
  tasks,
  subscriptions,
  logging,
  instructions,
  record,
}: SessionServerOptions) {
  const sessionRoutes = upstreams.routes;
  const server = new Server(
    { name: "switchboard", version: "1.0.0" },
    {
      capabilities: {
        tools: { listChanged: true },
        prompts: { listChanged: true },
        resources: { listChanged: true, subscribe: true },
        completions: {},
        logging: {},
        ...SESSION_TASKS_CAPABILITY,
      },
      jsonSchemaValidator: new LazySchemaValidator(),
      ...(instructions !== undefined ? { instructions } : {}),
    },
  );
  const notifications = new SessionNotifications(server, sessionRoutes);
  const clientInput = (requestId: RequestId) => createClientInput(server, requestId);

  registerPromptsAndResources(server, upstreams, clientInput);
  registerCompletions(server, upstreams);
  registerResourceSubscriptions(server, upstreams, subscriptions, notifications, record?.subscription);
  registerLogging(server, upstreams, logging, async (level) => {
    notifications.setLogLevel(level);
    await record?.logLevel(level);
  });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: listNamespacedTools(await sessionRoutes.reload()),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    if (request.params.task) {
      return callToolAsTask(request, extra.signal, sessionRoutes, forwardToolCall, tasks, (task) =>
        notifications.watchTask(task),
      );
    }
    const progressToken = request.params._meta?.progressToken;
    const answer = await forwardToolCall({
      routes: sessionRoutes,
      name: request.params.name,
      arguments: request.params.arguments,
      signal: extra.signal,
      meta: passOnClientMeta(request.params._meta),
      clientInput: clientInput(extra.requestId),
      ...(progressToken !== undefined
        ? {
            onProgress: (progress) =>
              void extra.sendNotification({ method: "notifications/progress", params: { ...progress, progressToken } }),
          }
        : {}),
    });
    if ("error" in answer) throw new RelayedError(answer.error.code, answer.error.message, answer.error.data);
    return answer.result as CallToolResult;
  });

  registerSessionTaskRelay(server, sessionRoutes, tasks);

  /** Takes over state set through another instance: the log level, and subscriptions made or ended there. */
  async function restore({ logLevel, subscriptions: wanted }: SessionState): Promise<void> {
    const held = subscriptions.urisOf(notifications);
    const tasks = [
      ...wanted
        .filter((uri) => !held.includes(uri))
        .map((uri) => subscribeGatewayUri(upstreams, subscriptions, notifications, uri)),
      ...held.filter((uri) => !wanted.includes(uri)).map((uri) => subscriptions.unsubscribe(notifications, uri)),
    ];
    if (logLevel && logLevel !== notifications.logLevel) {
      notifications.setLogLevel(logLevel);
      tasks.push(enableUpstreamLogging(upstreams, logging));
    }
    // A connector gone since the subscription was made takes only its own part with it.
    await Promise.allSettled(tasks);
  }

  return { server, notifications, restore };
}
