// Runs the peers benchmark's upstream in a process of its own, so that neither the load generator
// nor any hop shares its event loop: `READY <url>` on stdout once it listens.
import { startRemoteEchoServer } from "./remote-echo-server.ts";

const server = await startRemoteEchoServer(process.argv[2] ?? "remote");
process.stdout.write(`READY ${server.url}\n`);
process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
