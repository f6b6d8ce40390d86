import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

export interface UpstreamTarget {
  url: URL;
  headers: Record<string, string>;
  /** For servers on the internet: a fetch that enforces the SSRF policy. */
  fetch?: typeof fetch;
  /** The OAuth credential whose access token the headers carry, to refresh it when the server answers 401. */
  credential?: UpstreamCredential;
}

export interface UpstreamCredential {
  id: string;
  accessToken: string;
}

/**
 * One MCP client per installation, shared by every gateway session: the SDK client gives each
 * request its own id and routes each response back to its caller, so sessions never see each
 * other's traffic. A client that fails is dropped and reconnected on the next call.
 */
export class UpstreamPool {
  private readonly clients = new Map<string, Promise<Client>>();
  private readonly credentials = new Map<string, UpstreamCredential>();

  constructor(private readonly resolveTarget: (installationId: string) => Promise<UpstreamTarget>) {}

  get(installationId: string): Promise<Client> {
    let client = this.clients.get(installationId);
    if (!client) {
      client = this.connect(installationId);
      this.clients.set(installationId, client);
      client.catch(() => this.clients.delete(installationId));
    }
    return client;
  }

  /** Forgets a client after a transport failure so the next call reconnects. */
  drop(installationId: string): void {
    const client = this.clients.get(installationId);
    this.clients.delete(installationId);
    void client?.then((c) => c.close()).catch(() => undefined);
  }

  async close(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.allSettled(clients.map(async (client) => (await client).close()));
  }

  /** The credential the last connection to this installation used, if any. */
  credentialOf(installationId: string): UpstreamCredential | undefined {
    return this.credentials.get(installationId);
  }

  private async connect(installationId: string): Promise<Client> {
    const target = await this.resolveTarget(installationId);
    if (target.credential) this.credentials.set(installationId, target.credential);
    else this.credentials.delete(installationId);
    const client = new Client({ name: "switchboard-gateway", version: "1.0.0" });
    client.onclose = () => {
      if (this.clients.get(installationId)) this.clients.delete(installationId);
    };
    await client.connect(
      new StreamableHTTPClientTransport(target.url, {
        requestInit: { headers: target.headers },
        ...(target.fetch ? { fetch: target.fetch } : {}),
      }),
    );
    return client;
  }
}
