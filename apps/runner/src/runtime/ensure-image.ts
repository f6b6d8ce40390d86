import type Docker from "dockerode";
import type { Logger } from "pino";
import { isNotFound } from "./docker-errors.ts";
import { followProgress } from "./follow-progress.ts";

/** Returns the local image id for `reference`, pulling it first when it is not on the host. */
export async function ensureImage(docker: Docker, reference: string, logger: Logger): Promise<string> {
  try {
    return (await docker.getImage(reference).inspect()).Id;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  logger.info({ image: reference }, "pulling image");
  await followProgress(docker, await docker.pull(reference), `Pulling ${reference}`);
  return (await docker.getImage(reference).inspect()).Id;
}
