import { UnrecoverableError } from "bullmq";
import { isEngineUnreachable, isNotFound } from "../runtime/docker-errors.ts";
import type { RunnerContext } from "./runner-context.ts";

/**
 * Makes sure the image is on this Docker host and returns its id. A registry that does not know the image (404) is
 * permanent; anything else (Docker or the registry unreachable, rate limits) may pass, so the job retries.
 */
export async function prepareImage(ctx: Pick<RunnerContext, "runtime">, image: string): Promise<string> {
  try {
    return await ctx.runtime.ensureImage(image);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isEngineUnreachable(error))
      throw new Error(`Docker is not reachable on this runner's host: ${message}`, { cause: error });
    const reason = `Image ${image} is not available on this Docker host`;
    if (isNotFound(error)) throw new UnrecoverableError(`${reason}: the registry does not have it`);
    throw new Error(`${reason}: ${message}`, { cause: error });
  }
}
