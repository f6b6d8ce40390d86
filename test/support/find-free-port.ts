import { createServer } from "node:net";

/** A TCP port of 127.0.0.1 that nothing listened on a moment ago, for a child process to bind. */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
