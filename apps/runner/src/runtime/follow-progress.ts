import type Docker from "dockerode";

/** Waits for a pull or build progress stream to end; Docker reports failures as an `error` event inside it. */
export function followProgress(docker: Docker, progress: NodeJS.ReadableStream, action: string): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(progress, (error, events: { error?: string }[]) => {
      const failure = error?.message ?? events.find((event) => event.error)?.error;
      if (failure) reject(new Error(`${action} failed: ${failure}`));
      else resolve();
    });
  });
}
