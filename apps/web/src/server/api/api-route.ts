import "server-only";
import { z } from "zod";
import { AppError, isRateLimitedError } from "@/server/errors.ts";
import { parseInput } from "@/server/parse-input.ts";
import { requestLogger } from "@/server/request-logger.ts";

export type RouteHandler<Caller, Params, Query> = (
  request: Request,
  context: { user: Caller; params: Params; query: Query },
) => Promise<Response>;

const nothing = z.object({});

/** What a route reads from its URL: dynamic segments and the query string, parsed before the handler runs. */
export interface RouteInput<Params extends z.ZodType, Query extends z.ZodType> {
  params?: Params;
  query?: Query;
}

/**
 * Wraps a REST route: finds its caller (`authenticate` throws AppError when there is none), parses
 * its params and query (a mismatch is a 400 naming each field), maps AppError to its status, hides
 * anything unexpected.
 */
export function apiRoute<Caller, Params extends z.ZodType, Query extends z.ZodType>(
  input: RouteInput<Params, Query>,
  authenticate: (request: Request) => Promise<Caller>,
  handler: RouteHandler<Caller, z.output<Params>, z.output<Query>>,
) {
  // Without a schema the route takes no params or query: the defaults above are what is parsed.
  const paramsSchema = (input.params ?? nothing) as Params;
  const querySchema = (input.query ?? nothing) as Query;
  return async (request: Request, context: { params: Promise<unknown> }): Promise<Response> => {
    try {
      const user = await authenticate(request);
      const params = parseInput(paramsSchema, (await context.params) ?? {});
      const query = parseInput(querySchema, Object.fromEntries(new URL(request.url).searchParams));
      return await handler(request, { user, params, query });
    } catch (error) {
      // The rate limiter's error comes from another bundle chunk, where instanceof fails: by shape.
      if (error instanceof AppError || isRateLimitedError(error)) {
        return Response.json(
          { error: error.code, message: error.message, fields: error.fieldErrors },
          {
            status: error.httpStatus,
            ...(isRateLimitedError(error) && { headers: { "Retry-After": String(error.retryAfterSeconds) } }),
          },
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
