// The runner's side of the bridge path in a process of its own: `/bridge/<id>/mcp` as the runner
// serves it, every connector id answered by one echo server (labelled by argv[2]) behind a
// stdio bridge. `READY <url>` on stdout once it listens.
import { createServer } from "node:http";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { createEchoServer, internalToken, listen } from "@switchboard/gateway/testing";
import { createBridgeHttpHandler, StdioBridge } from "@switchboard/mcp-bridge";

const echo = createEchoServer(process.argv[2] ?? "bench");
const [bridgeSide, serverSide] = InMemoryTransport.createLinkedPair();
await echo.server.connect(serverSide);
const bridge = new StdioBridge(bridgeSide);
await bridge.start();
const handler = createBridgeHttpHandler({ internalToken, resolveBridge: () => bridge });
const url = await listen(createServer((request, response) => void handler.handle(request, response)));
process.stdout.write(`READY ${url}\n`);
process.once("SIGTERM", () => process.exit(0));
