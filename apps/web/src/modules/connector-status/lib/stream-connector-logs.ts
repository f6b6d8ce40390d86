import type { PrismaClient } from "@switchboard/db";
import { findLiveSession } from "@/server/auth/sessions.ts";
import type { Actor } from "@/server/authz.ts";
import { AppError } from "@/server/errors.ts";
import { authorizeLogStream } from "./log-access.ts";

/** How often an open log stream asks again whether its reader may still read it. */
export const LOG_ACCESS_RECHECK_MS = 30_000;

export type OpenLogStream = (
  connector: { id: string; runnerId: string | null },
  signal: AbortSignal,
) => Promise<Response>;

/**
 * The connector's live logs for a signed-in session that may read them. A stream stays open for
 * as long as the page does, so access is asked again every `recheckMs`: someone removed from the
 * team, signed out or disabled, or an admin whose support access ran out stops receiving lines
 * (servers print secrets) instead of reading on until they close the tab.
 */
export async function streamConnectorLogs(
  prisma: PrismaClient,
  viewer: Actor & { sessionId: string },
  connectorId: string,
  open: OpenLogStream,
  signal: AbortSignal,
  { recheckMs = LOG_ACCESS_RECHECK_MS }: { recheckMs?: number } = {},
): Promise<Response> {
  const connector = await authorizeLogStream(prisma, viewer, connectorId);
  const upstream = await open(connector, signal);
  if (!upstream.body) return upstream;
  const mayStillRead = () => mayStillStreamLogs(prisma, viewer.sessionId, connector.id);
  return new Response(endWhenAccessEnds(upstream.body, mayStillRead, recheckMs), upstream);
}

async function mayStillStreamLogs(prisma: PrismaClient, sessionId: string, connectorId: string): Promise<boolean> {
  const session = await findLiveSession(prisma, sessionId);
  if (!session) return false;
  const { user } = session;
  return authorizeLogStream(prisma, { id: user.id, isInstanceAdmin: user.isInstanceAdmin }, connectorId).then(
    () => true,
    (error: unknown) => {
      if (error instanceof AppError) return false;
      throw error;
    },
  );
}

/**
 * Passes `body` through until `mayStillRead` says no, then cancels it (the runner stops sending)
 * and ends the stream. A check that fails (the database away) ends it too: the browser's
 * EventSource reconnects, and the new request is authorized from scratch.
 */
function endWhenAccessEnds(
  body: ReadableStream<Uint8Array>,
  mayStillRead: () => Promise<boolean>,
  recheckMs: number,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  const end = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    if (ended) return;
    ended = true;
    clearInterval(timer);
    controller.close();
    void reader.cancel().catch(() => undefined);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setInterval(() => {
        void mayStillRead()
          .catch(() => false)
          .then((allowed) => allowed || end(controller));
      }, recheckMs);
    },
    async pull(controller) {
      const next = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (ended) return;
      if (next.done) end(controller);
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      ended = true;
      clearInterval(timer);
      return reader.cancel(reason);
    },
  });
}
