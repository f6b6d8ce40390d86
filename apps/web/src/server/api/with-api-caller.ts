import "server-only";
import type { z } from "zod";
import { getCurrentUser } from "@/server/auth/current-user.ts";
import type { Actor } from "@/server/authz.ts";
import { db } from "@/server/db.ts";
import { AppError } from "@/server/errors.ts";
import { rateLimits } from "@/server/rate-limit/index.ts";
import { authenticateApiToken } from "@/modules/api-tokens/lib/authenticate-api-token.ts";
import { apiRoute, type RouteHandler, type RouteInput } from "./api-route.ts";

/** `read` routes change nothing; `write` routes need an API token that is not read-only. */
export type ApiAccess = "read" | "write";

async function findCaller(request: Request, access: ApiAccess): Promise<Actor> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const token = /^Bearer +(\S+)$/i.exec(authorization)?.[1];
    const caller = token ? await authenticateApiToken(db(), token) : null;
    if (!caller) {
      throw new AppError("unauthenticated", "This API token is not valid: it may be revoked or expired.");
    }
    // Per user, not per token: more tokens buy no more requests.
    await rateLimits().enforce("api", caller.id);
    if (access === "write" && caller.readOnly) {
      throw new AppError("forbidden", "This API token is read-only: create one that may make changes.");
    }
    return caller;
  }
  const user = await getCurrentUser();
  if (!user) throw new AppError("unauthenticated", "Send an API token (Authorization: Bearer sba_…) or sign in.");
  // A cookie rides along on requests other sites make: changes need the token no other site has.
  if (access === "write") {
    throw new AppError("forbidden", "Changes through the API need an API token (Settings → API tokens).");
  }
  return user;
}

/** A REST route for automation: an API token, or the browser's session for reading; see `apiRoute`. */
export function withApiCaller<Params extends z.ZodType = z.ZodObject, Query extends z.ZodType = z.ZodObject>(
  input: RouteInput<Params, Query> & { access: ApiAccess },
  handler: RouteHandler<Actor, z.output<Params>, z.output<Query>>,
) {
  return apiRoute(input, (request) => findCaller(request, input.access), handler);
}
