import "server-only";
import { getCurrentUser, type CurrentUser } from "@/server/auth/current-user.ts";
import { AppError } from "@/server/errors.ts";
import { requestLogger } from "@/server/request-logger.ts";

type Handler<P> = (request: Request, context: { user: CurrentUser; params: P }) => Promise<Response>;

/** Wraps a REST route: requires a signed-in user, maps AppError to its status, hides anything unexpected. */
export function withUser<P = Record<string, never>>(handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const user = await getCurrentUser();
      if (!user) throw new AppError("unauthenticated", "Sign in to use the API.");
      return await handler(request, { user, params: await context.params });
    } catch (error) {
      if (error instanceof AppError) {
        return Response.json(
          { error: error.code, message: error.message, fields: error.fieldErrors },
          { status: error.httpStatus },
        );
      }
      // A client that goes away (a closed tab ending a log stream) is not a server failure.
      if (request.signal.aborted) return new Response(null, { status: 499 });
      const { requestId, log } = await requestLogger(request.headers);
      log.error({ err: error, path: new URL(request.url).pathname }, "api request failed");
      return Response.json({ error: "internal_error", message: "Something went wrong.", requestId }, { status: 500 });
    }
  };
}
