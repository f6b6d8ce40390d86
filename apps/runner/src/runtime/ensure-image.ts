import type Docker from "dockerode";
import type { Logger } from "pino";
import { isNotFound } from "./docker-errors.ts";
import { followProgress } from "./follow-progress.ts";

export interface PullLimits {
  /** A pull still running after this long is stopped and fails. */
  timeoutMs: number;
  /** A pull that reports no progress for this long is stopped and fails. */
  stallTimeoutMs: number;
}

/**
 * Large images take minutes on a slow link, and docker reports progress several times a second
 * while it downloads or extracts a layer; a minute of silence is a registry or daemon that hangs.
 */
export const DEFAULT_PULL_LIMITS: PullLimits = { timeoutMs: 15 * 60_000, stallTimeoutMs: 60_000 };

/** Returns the local image id for `reference`, pulling it first when it is not on the host. */
export async function ensureImage(
  docker: Docker,
  reference: string,
  logger: Logger,
  limits: PullLimits = DEFAULT_PULL_LIMITS,
): Promise<string> {
  try {
    return (await docker.getImage(reference).inspect()).Id;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  logger.info({ image: reference }, "pulling image");
  await pullImage(docker, reference, limits);
  return (await docker.getImage(reference).inspect()).Id;
}

/**
 * Pulls within the limits. Stopping closes the pull's request; the engine may go on with a download
 * it began (Docker 20.10 does, until the registry hangs up), but nothing of the runner waits for it.
 * The error names only the image and the limit, never what the registry sent.
 */
async function pullImage(docker: Docker, reference: string, { timeoutMs, stallTimeoutMs }: PullLimits): Promise<void> {
  const deadline = AbortSignal.timeout(timeoutMs);
  const stall = new AbortController();
  let stallTimer: NodeJS.Timeout | undefined;
  const awaitProgress = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => stall.abort(), stallTimeoutMs);
  };
  const signal = AbortSignal.any([deadline, stall.signal]);
  awaitProgress();
  try {
    const progress = await docker.pull(reference, { abortSignal: signal });
    await followProgress(docker, progress, `Pulling ${reference}`, { signal, onEvent: awaitProgress });
  } catch (error) {
    if (deadline.aborted)
      throw new Error(`Pulling ${reference} did not finish within ${timeoutMs / 1000} s; it was stopped`, { cause: error }); // prettier-ignore
    if (stall.signal.aborted)
      throw new Error(`Pulling ${reference} stalled: no progress for ${stallTimeoutMs / 1000} s; it was stopped`, { cause: error }); // prettier-ignore
    throw error;
  } finally {
    clearTimeout(stallTimer);
  }
}
