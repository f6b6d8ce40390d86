import { UnrecoverableError } from "bullmq";
import { isNotFound } from "../runtime/docker-errors.ts";
import type { RunnerContext } from "./runner-context.ts";

/**
 * Makes sure the image is on this Docker host. A registry that does not know the image (404) is
 * permanent; anything else (registry unreachable, rate limits) may pass, so the job retries.
 */
export async function prepareImage(ctx: RunnerContext, image: string): Promise<void> {
  try {
    await ctx.runtime.ensureImage(image);
  } catch (error) {
    const reason = `Image ${image} is not available on this Docker host`;
    if (isNotFound(error)) throw new UnrecoverableError(`${reason}: the registry does not have it`);
    throw new Error(`${reason}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
