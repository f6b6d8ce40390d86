import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where scripts/e2e-server.sh writes the certificate the web app trusts (NODE_EXTRA_CA_CERTS). */
const tlsDir = join(process.env.TMPDIR ?? tmpdir(), `switchboard-e2e-${process.env.E2E_WEB_PORT ?? 3100}`);

export interface MetadataDocumentServer {
  /** The document's URL: the client's id. */
  clientId: string;
  close(): Promise<void>;
}

/**
 * Serves an MCP client's Client ID Metadata Document over https on 127.0.0.1, with the certificate
 * the e2e stack trusts, so Switchboard fetches it as it fetches a real client's.
 */
export async function serveClientMetadataDocument(
  metadata: (clientId: string) => Record<string, unknown>,
): Promise<MetadataDocumentServer> {
  let body = "";
  const server: Server = createServer(
    { key: readFileSync(join(tlsDir, "key.pem")), cert: readFileSync(join(tlsDir, "cert.pem")) },
    (request, response) => {
      if (request.url !== "/client.json") return void response.writeHead(404).end();
      response.writeHead(200, { "content-type": "application/json" }).end(body);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const clientId = `https://127.0.0.1:${(server.address() as AddressInfo).port}/client.json`;
  body = JSON.stringify({ client_id: clientId, ...metadata(clientId) });
  return {
    clientId,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
