import { connect, createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A TCP forwarder on 127.0.0.1 that a test can cut — open connections reset, new ones refused, as
 * while a database restarts — and restore on the same port: a dependency outage for whoever
 * connects through it, without touching the shared server behind it.
 */
export async function startTcpProxy(targetHost: string, targetPort: number) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;

  function track(socket: Socket) {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  }

  async function open() {
    server = createServer((client) => {
      const upstream = connect(targetPort, targetHost);
      track(client);
      track(upstream);
      client.pipe(upstream).pipe(client);
      client.once("close", () => upstream.destroy());
      upstream.once("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  }

  async function cut() {
    const closing = server;
    server = undefined;
    for (const socket of sockets) socket.resetAndDestroy();
    await new Promise((resolve) => closing?.close(resolve) ?? resolve(undefined));
  }

  await open();
  return {
    port,
    /** Resets every connection and refuses new ones until `restore`. */
    cut,
    restore: open,
    close: cut,
  };
}

/** `databaseUrl` with its host and port replaced by the proxy's. */
export function throughProxy(databaseUrl: string, port: number): string {
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return url.toString();
}
