import type { Readable } from "node:stream";
import type Docker from "dockerode";

export interface FollowProgressOptions {
  /** Stops the wait: the stream is destroyed, which closes docker's request, and the wait rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called on every progress event docker sends. */
  onEvent?: () => void;
}

/** Waits for a pull or build progress stream to end; Docker reports failures as an `error` event inside it. */
export function followProgress(
  docker: Docker,
  progress: NodeJS.ReadableStream,
  action: string,
  { signal, onEvent }: FollowProgressOptions = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      // dockerode types its streams loosely; they are the http.IncomingMessage of docker's answer.
      (progress as Readable).destroy();
      reject(signal?.reason);
    };
    docker.modem.followProgress(
      progress,
      (error, events: { error?: string }[]) => {
        signal?.removeEventListener("abort", stop);
        // A destroyed stream reports its end like a finished one.
        if (signal?.aborted) return reject(signal.reason);
        const failure = error?.message ?? events.find((event) => event.error)?.error;
        if (failure) reject(new Error(`${action} failed: ${failure}`));
        else resolve();
      },
      onEvent,
    );
    if (signal?.aborted) stop();
    else signal?.addEventListener("abort", stop, { once: true });
  });
}
