// The least a proxy written in Node.js can do, in a process of its own: `node:http` takes each
// request, undici's pool (the gateway's client) sends it to the upstream, and the reply's bytes go
// back as they come: no parsing, no authentication, no routing. The peers benchmark puts it beside
// the gateway, so the cost of the platform (Node's two HTTP legs) and the gateway's own work can be
// told apart. `READY <url>` on stdout once it listens.
import { createServer, type IncomingHttpHeaders } from "node:http";
import { Pool } from "undici";

const upstream = new URL(process.argv[2]!);
const pool = new Pool(upstream.origin);
/** Connection-level headers are each hop's own (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "host", "content-length"]);

function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  return kept;
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    pool
      .request({
        path: upstream.pathname,
        method: request.method as "GET" | "POST" | "DELETE",
        headers: endToEnd(request.headers),
        body: chunks.length > 0 ? Buffer.concat(chunks) : null,
      })
      .then(({ statusCode, headers, body }) => {
        response.writeHead(statusCode, endToEnd(headers));
        body.on("data", (chunk: Buffer) => response.write(chunk));
        body.on("end", () => response.end());
        body.on("error", () => response.destroy());
        response.on("close", () => body.destroy());
      })
      .catch(() => {
        if (!response.headersSent) response.writeHead(502);
        response.end();
      });
  });
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`READY http://127.0.0.1:${port}/mcp\n`);
});
process.once("SIGTERM", () => process.exit(0));
