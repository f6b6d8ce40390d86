import { once } from "node:events";
import net, { type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalHttpServer, type LocalHttpServer } from "../../test/local-http-server.ts";
import { OAuthError } from "../errors.ts";
import { createGuardedFetch, type GuardedFetchPolicy } from "./guarded-fetch.ts";

// One loopback server with a route per hostile or unusual answer; the raw TCP servers answer
// what an HTTP server library would refuse to send.
const MiB = 1024 * 1024;
let server: LocalHttpServer;
const userAgents: (string | undefined)[] = [];

beforeAll(async () => {
  server = await startLocalHttpServer((req, res) => {
    userAgents.push(req.headers["user-agent"]);
    switch (req.url) {
      case "/hang":
        return;
      case "/stall-declared":
        res.writeHead(200, { "content-length": "10" });
        res.write("1");
        return;
      case "/bytes/6":
        return res.end("123456");
      case "/bytes/1mib":
        return res.end(Buffer.alloc(MiB));
      case "/bytes/1mib+1":
        res.write(Buffer.alloc(MiB));
        return res.end("x");
      case "/no-content":
        return res.writeHead(204).end();
      case "/redirect-without-location":
        return res.writeHead(302).end("moved somewhere");
      case "/cookies":
        return res.writeHead(200, { "set-cookie": ["a=1", "b=2"] }).end("ok");
      default:
        return res.end("ok");
    }
  });
});
afterAll(() => server.close());

function fetchWith(policy: GuardedFetchPolicy = {}) {
  return createGuardedFetch({ allowInsecureHttp: true, allowedDestinations: ["127.0.0.1"], ...policy });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** A raw TCP server answering every request with `answer` (or never, when undefined). */
async function startRawServer(answer: string | undefined) {
  const raw = net.createServer((socket) => {
    if (answer !== undefined) socket.once("data", () => socket.end(answer));
  });
  await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(raw.address() as AddressInfo).port}`, close: () => raw.close() };
}

describe("createGuardedFetch failures", () => {
  it("gives up after timeoutMs with a retryable timeout error", async () => {
    const error = await failure(fetchWith({ timeoutMs: 200 })(`${server.url}/hang`));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ code: "timeout", message: "127.0.0.1 did not answer in time.", retryable: true });
  });

  it("passes the caller's own abort reason through unchanged", async () => {
    const controller = new AbortController();
    const reason = new Error("the caller gave up");
    setTimeout(() => controller.abort(reason), 50);
    await expect(fetchWith()(`${server.url}/hang`, { signal: controller.signal })).rejects.toBe(reason);
  });

  it("reports a refused connection as a retryable network error naming the system code", async () => {
    const closed = await startRawServer(undefined);
    closed.close();
    const error = await failure(fetchWith()(`${closed.url}/`));
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({
      code: "network_error",
      message: "Could not reach 127.0.0.1 (ECONNREFUSED).",
      retryable: true,
    });
  });

  it("reports an unusable response without an error code as a plain network error", async () => {
    const weird = await startRawServer("HTTP/1.1 999 Weird\r\ncontent-length: 0\r\n\r\n");
    try {
      await expect(fetchWith()(`${weird.url}/`)).rejects.toMatchObject({
        code: "network_error",
        message: "Could not reach 127.0.0.1.",
      });
    } finally {
      weird.close();
    }
  });
});

describe("createGuardedFetch response size", () => {
  it("allows 1 MiB by default and refuses one byte more", async () => {
    expect((await (await fetchWith()(`${server.url}/bytes/1mib`)).arrayBuffer()).byteLength).toBe(MiB);
    await expect(fetchWith()(`${server.url}/bytes/1mib+1`)).rejects.toMatchObject({ code: "response_too_large" });
  });

  it("applies maxResponseBytes", async () => {
    await expect(fetchWith({ maxResponseBytes: 5 })(`${server.url}/bytes/6`)).rejects.toMatchObject({
      code: "response_too_large",
    });
    expect(await (await fetchWith({ maxResponseBytes: 6 })(`${server.url}/bytes/6`)).text()).toBe("123456");
  });

  it("refuses a declared Content-Length over the limit before the body arrives", async () => {
    await expect(
      fetchWith({ maxResponseBytes: 5, timeoutMs: 2_000 })(`${server.url}/stall-declared`),
    ).rejects.toMatchObject({ code: "response_too_large" });
  });
});

describe("createGuardedFetch responses", () => {
  it("returns bodiless statuses without a body", async () => {
    const response = await fetchWith()(`${server.url}/no-content`);
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it("returns a redirect without Location as it is", async () => {
    const response = await fetchWith()(`${server.url}/redirect-without-location`);
    expect(response.status).toBe(302);
    expect(await response.text()).toBe("moved somewhere");
  });

  it("keeps repeated response headers", async () => {
    const response = await fetchWith()(`${server.url}/cookies`);
    expect(response.headers.getSetCookie()).toStrictEqual(["a=1", "b=2"]);
  });

  it("sends its own User-Agent unless the caller sets one", async () => {
    userAgents.length = 0;
    await fetchWith()(`${server.url}/`);
    await fetchWith()(`${server.url}/`, { headers: { "user-agent": "caller/1" } });
    expect(userAgents).toStrictEqual(["switchboard-oauth", "caller/1"]);
  });

  it("tells oauth4webapi whether plain http is allowed", () => {
    expect(createGuardedFetch().allowInsecureHttp).toBe(false);
    expect(createGuardedFetch({ allowInsecureHttp: true }).allowInsecureHttp).toBe(true);
  });

  it("closes its connection once the response is read", async () => {
    let socket: Socket | undefined;
    const raw = net.createServer((accepted) => {
      socket = accepted;
      accepted.once("data", () =>
        accepted.write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\nkeep-alive: timeout=60\r\n\r\nok"),
      );
    });
    await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
    try {
      const response = await fetchWith()(`http://127.0.0.1:${(raw.address() as AddressInfo).port}/`);
      expect(await response.text()).toBe("ok");
      const closed = socket?.closed ? Promise.resolve("closed") : once(socket as Socket, "close").then(() => "closed");
      const timeout = new Promise((resolve) => setTimeout(() => resolve("still open"), 1_000));
      expect(await Promise.race([closed, timeout])).toBe("closed");
    } finally {
      raw.close();
    }
  });
});
