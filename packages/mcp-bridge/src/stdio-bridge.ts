import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  ErrorCode,
  LATEST_PROTOCOL_VERSION,
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
} from "@modelcontextprotocol/sdk/types.js";
import type {
  Implementation,
  InitializeResult,
  JSONRPCErrorResponse,
  JSONRPCMessage,
  JSONRPCNotification,
  JSONRPCRequest,
  JSONRPCResultResponse,
  ProgressToken,
  RequestId,
} from "@modelcontextprotocol/sdk/types.js";

type PendingRequest =
  | { kind: "bridge"; resolve: (result: JSONRPCResultResponse["result"]) => void; reject: (error: Error) => void }
  | {
      kind: "session";
      session: BridgeSession;
      originalId: RequestId;
      progressToken: ProgressToken | undefined;
      /** Runs when the server answers with an error. */
      onError?: () => void;
    };

const DEFAULT_CLIENT_INFO: Implementation = { name: "switchboard-bridge", version: "1.0.0" };

/** One client connection sharing the bridge's upstream server. */
export class BridgeSession {
  /** The session's own request ids mapped to the upstream ids they were rewritten to. */
  readonly upstreamIds = new Map<RequestId, number>();
  /** Resource URIs the session subscribed to. */
  readonly subscriptions = new Set<string>();
  initialized = false;
  onclose?: () => void;

  constructor(
    readonly transport: Transport,
    private readonly reportError: (error: Error) => void,
  ) {}

  send(message: JSONRPCMessage, relatedRequestId?: RequestId): void {
    this.transport
      .send(message, relatedRequestId === undefined ? undefined : { relatedRequestId })
      .catch(this.reportError);
  }
}

/**
 * Shares one stdio MCP server among many client sessions. Stdio has a single JSON-RPC id space,
 * so every session request gets a fresh upstream id (and its progress token that same id) and
 * responses and progress are mapped back to the session that asked: ids never cross sessions.
 * The bridge initializes the server once, advertising no client capabilities, because server-to-
 * client requests (sampling, elicitation, roots) could not be routed to one session; later
 * sessions get the cached initialize result. The server has one subscription per resource for
 * all sessions: only the first subscribe and the last unsubscribe reach it, and its updates go to
 * the sessions subscribed. Other server notifications (list_changed, logging) concern every session
 * and are broadcast.
 */
export class StdioBridge {
  onclose?: () => void;
  onerror?: (error: Error) => void;

  private nextUpstreamId = 1;
  private readonly pending = new Map<RequestId, PendingRequest>();
  private readonly sessions = new Set<BridgeSession>();
  private initializeResult?: InitializeResult;
  private initialization?: Promise<InitializeResult>;
  private closed = false;

  constructor(
    private readonly upstream: Transport,
    private readonly clientInfo: Implementation = DEFAULT_CLIENT_INFO,
    /** Budget for the bridge's own initialize request. */
    private readonly requestTimeoutMs = 30_000,
  ) {}

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Starts the upstream transport and initializes the server; resolves with its initialize result. */
  start(): Promise<InitializeResult> {
    this.upstream.onmessage = (message) => this.handleUpstreamMessage(message);
    this.upstream.onclose = () => this.handleUpstreamClose();
    this.upstream.onerror = (error) => this.reportError(error);
    this.initialization = this.upstream.start().then(() => this.initializeUpstream());
    this.initialization.then(
      (result) => (this.initializeResult = result),
      () => undefined,
    );
    return this.initialization;
  }

  /** Serves one client over `transport` (e.g. a Streamable HTTP server transport); starts it. */
  async attachSession(transport: Transport): Promise<BridgeSession> {
    if (this.closed) throw new Error("Bridge is closed");
    const session = new BridgeSession(transport, (error) => this.reportError(error));
    this.sessions.add(session);
    transport.onmessage = (message) => this.handleSessionMessage(session, message);
    transport.onclose = () => this.detachSession(session);
    transport.onerror = (error) => this.reportError(error);
    await transport.start();
    return session;
  }

  /** An in-process session, e.g. for the runner's own health check; closing the returned transport ends it. */
  async openSession(): Promise<Transport> {
    const [clientSide, bridgeSide] = InMemoryTransport.createLinkedPair();
    await this.attachSession(bridgeSide);
    return clientSide;
  }

  async close(): Promise<void> {
    await this.upstream.close();
  }

  private async initializeUpstream(): Promise<InitializeResult> {
    const result = (await this.requestUpstream("initialize", {
      protocolVersion: LATEST_PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: this.clientInfo,
    })) as InitializeResult;
    await this.upstream.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    return result;
  }

  private requestUpstream(method: string, params: Record<string, unknown>): Promise<JSONRPCResultResponse["result"]> {
    const id = this.nextUpstreamId++;
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(error);
      };
      // A server that never answers must not leave every session waiting forever.
      const timer = setTimeout(
        () => fail(new Error(`MCP server did not answer ${method} within ${describeWait(this.requestTimeoutMs)}`)),
        this.requestTimeoutMs,
      );
      this.pending.set(id, {
        kind: "bridge",
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        reject: fail,
      });
      this.upstream.send({ jsonrpc: "2.0", id, method, params }).catch((error: unknown) => fail(toError(error)));
    });
  }

  private handleSessionMessage(session: BridgeSession, message: JSONRPCMessage): void {
    if (isJSONRPCRequest(message)) {
      if (message.method === "initialize") this.answerInitialize(session, message);
      else if (message.method === "resources/subscribe" || message.method === "resources/unsubscribe")
        this.whenInitialized(session, message.id, () => this.shareSubscription(session, message));
      else this.whenInitialized(session, message.id, () => this.forwardRequest(session, message));
    } else if (isJSONRPCNotification(message) && message.method === "notifications/cancelled") {
      this.forwardCancellation(session, message);
    }
    // Other client notifications (initialized, roots/list_changed) and responses have no upstream
    // counterpart: the bridge sent its own `initialized` and forwards no server-to-client requests.
  }

  private answerInitialize(session: BridgeSession, request: JSONRPCRequest): void {
    this.whenInitialized(session, request.id, (result) => {
      session.initialized = true;
      session.send({ jsonrpc: "2.0", id: request.id, result }, request.id);
    });
  }

  /** Runs `action` now when the server is initialized, so a request and its cancellation keep their order. */
  private whenInitialized(
    session: BridgeSession,
    requestId: RequestId,
    action: (result: InitializeResult) => void,
  ): void {
    if (this.initializeResult) {
      action(this.initializeResult);
      return;
    }
    const initialization = this.initialization ?? Promise.reject(new Error("Bridge not started"));
    initialization.then(action, (error: unknown) =>
      session.send(
        toErrorResponse(requestId, ErrorCode.InternalError, `MCP server failed to initialize: ${String(error)}`),
        requestId,
      ),
    );
  }

  /** Subscribe and unsubscribe reach the server only when no other session holds the URI. */
  private shareSubscription(session: BridgeSession, request: JSONRPCRequest): void {
    const uri = request.params?.uri;
    if (typeof uri !== "string") {
      this.forwardRequest(session, request);
      return;
    }
    const heldElsewhere = this.isSubscribedElsewhere(session, uri);
    if (request.method === "resources/subscribe") {
      session.subscriptions.add(uri);
      if (!heldElsewhere) {
        this.forwardRequest(session, request, () => session.subscriptions.delete(uri));
        return;
      }
    } else {
      session.subscriptions.delete(uri);
      if (!heldElsewhere) {
        this.forwardRequest(session, request);
        return;
      }
    }
    // Another session keeps the server's subscription as it is.
    session.send({ jsonrpc: "2.0", id: request.id, result: {} }, request.id);
  }

  private isSubscribedElsewhere(session: BridgeSession, uri: string): boolean {
    for (const other of this.sessions) if (other !== session && other.subscriptions.has(uri)) return true;
    return false;
  }

  private forwardRequest(session: BridgeSession, request: JSONRPCRequest, onError?: () => void): void {
    if (this.closed || !this.sessions.has(session)) {
      session.send(toErrorResponse(request.id, ErrorCode.ConnectionClosed, "MCP server connection closed"), request.id);
      return;
    }
    const upstreamId = this.nextUpstreamId++;
    const progressToken = request.params?._meta?.progressToken;
    const params =
      progressToken === undefined
        ? request.params
        : { ...request.params, _meta: { ...request.params?._meta, progressToken: upstreamId } };
    this.pending.set(upstreamId, { kind: "session", session, originalId: request.id, progressToken, onError });
    session.upstreamIds.set(request.id, upstreamId);
    this.upstream.send({ ...request, id: upstreamId, ...(params ? { params } : {}) }).catch((error: unknown) => {
      this.settle(upstreamId);
      session.send(
        toErrorResponse(request.id, ErrorCode.InternalError, `Sending to MCP server failed: ${String(error)}`),
        request.id,
      );
    });
  }

  private forwardCancellation(session: BridgeSession, notification: JSONRPCNotification): void {
    const requestId = notification.params?.requestId as RequestId | undefined;
    const upstreamId = requestId === undefined ? undefined : session.upstreamIds.get(requestId);
    if (upstreamId === undefined) return;
    // The cancelled request's late response, if any, has nowhere to go.
    this.settle(upstreamId);
    this.sendUpstream({ ...notification, params: { ...notification.params, requestId: upstreamId } });
  }

  private handleUpstreamMessage(message: JSONRPCMessage): void {
    if (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) this.routeResponse(message);
    else if (isJSONRPCRequest(message)) this.answerServerRequest(message);
    else if (isJSONRPCNotification(message)) this.routeNotification(message);
  }

  private routeResponse(response: JSONRPCResultResponse | JSONRPCErrorResponse): void {
    if (response.id === undefined) return;
    const entry = this.settle(response.id);
    if (entry?.kind === "bridge") {
      if (isJSONRPCResultResponse(response)) entry.resolve(response.result);
      else entry.reject(new Error(`MCP server error ${response.error.code}: ${response.error.message}`));
    } else if (entry?.kind === "session") {
      if (isJSONRPCErrorResponse(response)) entry.onError?.();
      entry.session.send({ ...response, id: entry.originalId }, entry.originalId);
    }
  }

  private routeNotification(notification: JSONRPCNotification): void {
    if (notification.method === "notifications/progress") {
      const entry = this.pending.get(notification.params?.progressToken as RequestId);
      if (entry?.kind !== "session" || entry.progressToken === undefined) return;
      entry.session.send(
        { ...notification, params: { ...notification.params, progressToken: entry.progressToken } },
        entry.originalId,
      );
    } else if (notification.method === "notifications/resources/updated") {
      const uri = String(notification.params?.uri);
      for (const session of this.sessions) if (session.subscriptions.has(uri)) session.send(notification);
    } else if (notification.method !== "notifications/cancelled") {
      // Cancellations from the server refer to server-to-client requests, which the bridge answers itself.
      for (const session of this.sessions) if (session.initialized) session.send(notification);
    }
  }

  private answerServerRequest(request: JSONRPCRequest): void {
    if (request.method === "ping") {
      this.sendUpstream({ jsonrpc: "2.0", id: request.id, result: {} });
      return;
    }
    this.sendUpstream(
      toErrorResponse(
        request.id,
        ErrorCode.MethodNotFound,
        `${request.method} is not available through a shared connection`,
      ),
    );
  }

  /** Forgets an upstream request; returns what it was waiting for. */
  private settle(upstreamId: RequestId): PendingRequest | undefined {
    const entry = this.pending.get(upstreamId);
    this.pending.delete(upstreamId);
    if (entry?.kind === "session") entry.session.upstreamIds.delete(entry.originalId);
    return entry;
  }

  private detachSession(session: BridgeSession): void {
    if (!this.sessions.delete(session)) return;
    for (const uri of session.subscriptions) {
      if (!this.closed && !this.isSubscribedElsewhere(session, uri)) {
        this.requestUpstream("resources/unsubscribe", { uri }).catch((error: unknown) =>
          this.reportError(toError(error)),
        );
      }
    }
    for (const upstreamId of [...session.upstreamIds.values()]) {
      this.settle(upstreamId);
      if (!this.closed) {
        this.sendUpstream({
          jsonrpc: "2.0",
          method: "notifications/cancelled",
          params: { requestId: upstreamId, reason: "Client session closed" },
        });
      }
    }
    session.onclose?.();
  }

  private handleUpstreamClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [upstreamId, entry] of [...this.pending]) {
      this.settle(upstreamId);
      if (entry.kind === "bridge") entry.reject(new Error("MCP server connection closed"));
      else
        entry.session.send(
          toErrorResponse(entry.originalId, ErrorCode.ConnectionClosed, "MCP server connection closed"),
          entry.originalId,
        );
    }
    for (const session of [...this.sessions])
      void session.transport.close().catch((error: unknown) => this.reportError(toError(error)));
    this.onclose?.();
  }

  private sendUpstream(message: JSONRPCMessage): void {
    this.upstream.send(message).catch((error: unknown) => this.reportError(toError(error)));
  }

  private reportError(error: Error): void {
    this.onerror?.(error);
  }
}

function toErrorResponse(id: RequestId, code: number, message: string): JSONRPCErrorResponse {
  return { jsonrpc: "2.0", id, error: { code, message } };
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** A wait as people read it in a connector's status: "30 s", not "30000 ms". */
function describeWait(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
