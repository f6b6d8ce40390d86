import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type {
  JSONRPCErrorResponse,
  JSONRPCNotification,
  JSONRPCRequest,
  JSONRPCResultResponse,
} from "@modelcontextprotocol/sdk/types.js";
import { createParser } from "eventsource-parser";
import type { HttpPost, HttpReply } from "./upstream-http.ts";

export type JsonRpcResponse = JSONRPCResultResponse | JSONRPCErrorResponse;

interface ParsedMessage {
  id?: unknown;
  method?: unknown;
  result?: unknown;
  error?: unknown;
}

function isResponseTo(message: ParsedMessage, id: JSONRPCRequest["id"]): boolean {
  return (
    message.id === id && message.method === undefined && (message.result !== undefined || message.error !== undefined)
  );
}

/**
 * POSTs one JSON-RPC request (Streamable HTTP) and resolves with its response, whether the server
 * answers with a JSON body or an event stream; notifications on that stream go to `onNotification`,
 * and requests the server sends its client there while it works (sampling, elicitation, roots) to
 * `onRequest`, which must answer them (a server waits for the answer before it answers).
 * A status other than 200 rejects with the SDK's `StreamableHTTPError`, so callers treat both
 * clients' failures (e.g. a 401) alike.
 */
export async function exchangeJsonRpc(
  post: HttpPost,
  url: URL,
  headers: Record<string, string>,
  message: JSONRPCRequest,
  signal: AbortSignal,
  onNotification: (notification: JSONRPCNotification) => void,
  onRequest?: (request: JSONRPCRequest) => void,
): Promise<JsonRpcResponse> {
  const reply = await post(url, headers, JSON.stringify(message), signal);
  if (reply.status !== 200) {
    reply.discard();
    throw new StreamableHTTPError(reply.status, `upstream answered HTTP ${reply.status}`);
  }
  if (reply.contentType.startsWith("text/event-stream")) {
    return readFromEventStream(reply, message.id, onNotification, onRequest);
  }
  if (reply.contentType.startsWith("application/json")) {
    const parsed = JSON.parse(await readText(reply)) as ParsedMessage | ParsedMessage[];
    const response = Array.isArray(parsed)
      ? parsed.find((item) => isResponseTo(item, message.id))
      : isResponseTo(parsed, message.id) && parsed;
    if (response) return response as JsonRpcResponse;
    throw new Error("upstream answered without a response to the request");
  }
  reply.discard();
  throw new Error(`upstream answered with content type ${reply.contentType || "(none)"}`);
}

/** POSTs one JSON-RPC notification, or a response to the server's request; the server answers 202 with no body. */
export async function sendJsonRpcNotification(
  post: HttpPost,
  url: URL,
  headers: Record<string, string>,
  notification: JSONRPCNotification | JsonRpcResponse,
  signal: AbortSignal,
): Promise<void> {
  const reply = await post(url, headers, JSON.stringify(notification), signal);
  await readText(reply);
  if (reply.status !== 202 && reply.status !== 200) {
    throw new StreamableHTTPError(reply.status, `upstream answered HTTP ${reply.status}`);
  }
}

function readFromEventStream(
  reply: HttpReply,
  id: JSONRPCRequest["id"],
  onNotification: (notification: JSONRPCNotification) => void,
  onRequest: ((request: JSONRPCRequest) => void) | undefined,
): Promise<JsonRpcResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const parser = createParser({
      onEvent: ({ data }) => {
        // A resumable server's first event only primes the stream with an id: it has no message.
        if (answered || data === "") return;
        try {
          const message = JSON.parse(data) as ParsedMessage;
          if (isResponseTo(message, id)) {
            answered = true;
            resolve(message as JsonRpcResponse);
          } else if (typeof message.method === "string") {
            if (message.id === undefined) onNotification(message as JSONRPCNotification);
            else onRequest?.(message as JSONRPCRequest);
          }
        } catch (error) {
          answered = true;
          reject(error as Error);
        }
      },
    });
    // Read on to the end after the response (servers close the stream then) so the connection
    // goes back to the pool instead of being torn down.
    reply
      .read((chunk) => parser.feed(chunk))
      .then(
        () => {
          if (!answered) reject(new Error("upstream closed the stream before answering"));
        },
        (error: unknown) => {
          if (!answered) reject(error as Error);
        },
      );
  });
}

async function readText(reply: HttpReply): Promise<string> {
  let text = "";
  await reply.read((chunk) => {
    text += chunk;
  });
  return text;
}
