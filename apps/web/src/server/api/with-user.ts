import "server-only";
import type { z } from "zod";
import { getCurrentUser, type CurrentUser } from "@/server/auth/current-user.ts";
import { AppError } from "@/server/errors.ts";
import { apiRoute, type RouteHandler, type RouteInput } from "./api-route.ts";

export type { RouteInput } from "./api-route.ts";

async function requireSignedIn(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("unauthenticated", "Sign in to use the API.");
  return user;
}

/** A REST route for the browser's signed-in user (its session cookie); see `apiRoute`. */
export function withUser<Params extends z.ZodType = z.ZodObject, Query extends z.ZodType = z.ZodObject>(
  input: RouteInput<Params, Query>,
  handler: RouteHandler<CurrentUser, z.output<Params>, z.output<Query>>,
) {
  return apiRoute(input, requireSignedIn, handler);
}
