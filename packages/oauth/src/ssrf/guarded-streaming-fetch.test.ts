import type * as Dns from "node:dns";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startLocalHttpServer, type LocalHttpServer } from "../../test/local-http-server.ts";
import { createGuardedFetch } from "./guarded-fetch.ts";
import { request } from "undici";
import { createGuardedRemoteHttp, createGuardedStreamingFetch } from "./guarded-streaming-fetch.ts";

// A stub resolver: `metadata.attacker.test` is a public-looking name whose DNS answer is the
// cloud metadata address. Only the guarded lookup reads this module, so an unguarded connection
// would fall through to the real resolver and fail with ENOTFOUND instead of ssrf_blocked.
vi.mock("node:dns", async (importOriginal) => {
  const dns = await importOriginal<typeof Dns>();
  const lookup = (hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
    if (hostname !== "metadata.attacker.test") return dns.lookup(hostname, options as never, callback as never);
    callback(null, [{ address: "169.254.169.254", family: 4 }]);
  };
  return { ...dns, default: { ...dns, lookup }, lookup };
});

/** undici's fetch rejects with "fetch failed" and the connect error as its cause. */
function causeCodeOf(error: unknown): unknown {
  return (error as { cause?: { code?: unknown } }).cause?.code;
}

describe("guarded DNS lookup", () => {
  it("guarded streaming fetch refuses a host name that resolves to the metadata address", async () => {
    const streaming = createGuardedStreamingFetch({ allowInsecureHttp: true });
    const error = await streaming("http://metadata.attacker.test/latest/meta-data").catch((caught: unknown) => caught);
    expect(causeCodeOf(error)).toBe("ssrf_blocked");
    expect(String((error as Error).cause)).toContain("linkLocal");
  });

  it("guarded streaming fetch lets an allowlisted host name resolve to a private address", async () => {
    const streaming = createGuardedStreamingFetch({
      allowInsecureHttp: true,
      allowedDestinations: ["metadata.attacker.test"],
    });
    const error = await streaming("http://metadata.attacker.test:9/").catch((caught: unknown) => caught);
    expect(causeCodeOf(error)).not.toBe("ssrf_blocked");
  });

  it("guarded fetch refuses a host name that resolves to the metadata address", async () => {
    await expect(
      createGuardedFetch({ allowInsecureHttp: true })("http://metadata.attacker.test/latest/meta-data"),
    ).rejects.toMatchObject({ code: "ssrf_blocked" });
  });
});

describe("guarded streaming fetch destinations", () => {
  let server: LocalHttpServer;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    server = await startLocalHttpServer((req, res) => {
      sockets.add(req.socket);
      res.end("ok");
    });
  });
  afterAll(() => server.close());

  it("guarded streaming fetch refuses plain http by default", async () => {
    await expect(createGuardedStreamingFetch()(`${server.url}/mcp`)).rejects.toMatchObject({ code: "insecure_url" });
  });

  it("guarded streaming fetch keeps one connection pool per destination", async () => {
    const streaming = createGuardedStreamingFetch({ allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] });
    sockets.clear();
    for (let request = 0; request < 3; request++) {
      expect(await (await streaming(`${server.url}/mcp`)).text()).toBe("ok");
      // Let the finished response hand its connection back to the pool.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(sockets.size).toBe(1);
  });

  it("guarded streaming fetch guards a host name even after an allowlisted destination was used", async () => {
    const streaming = createGuardedStreamingFetch({ allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] });
    expect(await (await streaming(`${server.url}/mcp`)).text()).toBe("ok");
    const error = await streaming("http://metadata.attacker.test/latest/meta-data").catch((caught: unknown) => caught);
    expect(causeCodeOf(error)).toBe("ssrf_blocked");
  });
});

describe("guarded remote http dispatcher", () => {
  let server: LocalHttpServer;
  beforeAll(async () => {
    server = await startLocalHttpServer((req, res) => res.end("ok"));
  });
  afterAll(() => server.close());

  it("dispatcherFor refuses a request to another origin than the one it was checked for", async () => {
    const remote = createGuardedRemoteHttp({ allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] });
    const dispatcher = remote.dispatcherFor(new URL(`${server.url}/mcp`));
    const own = await request(`${server.url}/mcp`, { dispatcher });
    expect(await own.body.text()).toBe("ok");
    // The same server under a name the destination check never saw: another origin.
    const other = server.url.replace("127.0.0.1", "localhost");
    await expect(request(`${other}/mcp`, { dispatcher })).rejects.toMatchObject({ code: "ssrf_blocked" });
    await expect(request("http://169.254.169.254/latest/meta-data", { dispatcher })).rejects.toMatchObject({
      code: "ssrf_blocked",
    });
  });
});

describe("guarded streaming fetch redirects", () => {
  let server: LocalHttpServer;
  beforeAll(async () => {
    server = await startLocalHttpServer((req, res) => {
      if (req.url === "/mcp") res.writeHead(307, { location: "/moved" }).end();
      else res.writeHead(200).end("moved");
    });
  });
  afterAll(() => server.close());

  it("guarded streaming fetch refuses to follow a redirect", async () => {
    const streaming = createGuardedStreamingFetch({ allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"] });
    await expect(streaming(`${server.url}/mcp`, { redirect: "follow" })).rejects.toThrow();
    expect(await (await streaming(`${server.url}/moved`)).text()).toBe("moved");
  });
});

describe("guarded remote http: per-origin pools are bounded (finding: pools never evicted)", () => {
  const servers: LocalHttpServer[] = [];
  /** Per server: sockets the server has open right now. */
  const openSockets: Set<Socket>[] = [];
  let releaseHeld: () => void = () => {};
  const held = new Promise<void>((resolve) => (releaseHeld = resolve));
  beforeAll(async () => {
    for (let index = 0; index < 4; index++) {
      const open = new Set<Socket>();
      openSockets.push(open);
      servers.push(
        await startLocalHttpServer((req, res) => {
          if (!open.has(req.socket)) {
            open.add(req.socket);
            req.socket.once("close", () => open.delete(req.socket));
          }
          if (req.url === "/held") void held.then(() => res.end("held ok"));
          else res.end("ok");
        }),
      );
    }
  });
  afterAll(async () => {
    releaseHeld();
    await Promise.all(servers.map((server) => server.close()));
  });

  const remoteFor = () =>
    createGuardedRemoteHttp({
      allowInsecureHttp: true,
      allowedDestinations: servers.map((server) => server.host),
      maxOriginPools: 2,
    });
  const get = async (remote: ReturnType<typeof createGuardedRemoteHttp>, url: string) =>
    (await request(url, { dispatcher: remote.dispatcherFor(new URL(url)) })).body.text();
  const waitFor = async (condition: () => boolean) => {
    for (const deadline = Date.now() + 2000; !condition() && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it("keeps at most maxOriginPools pools and closes the least recently used one's connections", async () => {
    const remote = remoteFor();
    for (const server of servers) expect(await get(remote, `${server.url}/mcp`)).toBe("ok");
    // Keep-alive would hold every connection for seconds; an evicted pool closes its own at once.
    await waitFor(() => openSockets[0]!.size + openSockets[1]!.size === 0);
    expect(openSockets.map((open) => open.size)).toEqual([0, 0, 1, 1]);
  });

  it("a request in flight on an evicted pool completes, and a dispatcher kept from before still works", async () => {
    const remote = remoteFor();
    const [first, second, third] = servers;
    const kept = remote.dispatcherFor(new URL(`${first!.url}/mcp`));
    const inFlight = request(`${first!.url}/held`, { dispatcher: kept });
    await waitFor(() => openSockets[0]!.size === 1);
    expect(await get(remote, `${second!.url}/mcp`)).toBe("ok");
    expect(await get(remote, `${third!.url}/mcp`)).toBe("ok");
    releaseHeld();
    expect(await (await inFlight).body.text()).toBe("held ok");
    expect(await (await request(`${first!.url}/mcp`, { dispatcher: kept })).body.text()).toBe("ok");
    // A caller closing its dispatcher closes nothing the others share.
    await kept.close();
    await kept.destroy();
    expect(await get(remote, `${first!.url}/mcp`)).toBe("ok");
  });
});
