import { createServer } from "node:net";
import type { AddressInfo, Server } from "node:net";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MCP_NETWORK, getNetworkGateway } from "./mcp-network.ts";
import { createTestRuntime } from "./testing/create-test-runtime.ts";
import type { TestRuntime } from "./testing/create-test-runtime.ts";

const run = promisify(execFile);
const RUN = Date.now().toString(36);
const PROBE_ID = `it-net-probe-${RUN}`;
const NEIGHBOUR_ID = `it-net-neighbour-${RUN}`;
const CONTROL_NAME = `sb-it-control-${RUN}`;
const NEIGHBOUR_PORT = 8080;

// Runs inside a container: tries a TCP connect to every host:port argument, prints each outcome.
const PROBE = `
const net = require("net");
const attempt = (target) => new Promise((resolve) => {
  const [host, port] = target.split(/:(?=\\d+$)/);
  const socket = net.connect({ host, port: Number(port), timeout: 3000 });
  socket.once("connect", () => { socket.destroy(); resolve([target, "open"]); });
  socket.once("timeout", () => { socket.destroy(); resolve([target, "timeout"]); });
  socket.once("error", (error) => resolve([target, error.code]));
});
Promise.all(process.argv.slice(1).map(attempt)).then((results) => console.log(JSON.stringify(Object.fromEntries(results))));`;
// Exits 0 when the TCP connect to the host:port argument succeeds.
const CONNECT_OR_FAIL = `
const [host, port] = process.argv[1].split(/:(?=\\d+$)/);
require("net").connect({ host, port: Number(port), timeout: 3000 })
  .once("connect", () => process.exit(0)).once("error", () => process.exit(1)).once("timeout", () => process.exit(2));`;
const IDLE = ["node", "-e", "setInterval(() => {}, 1 << 30)"];
const LISTEN = ["node", "-e", `require("net").createServer((socket) => socket.end()).listen(${NEIGHBOUR_PORT})`];

let t: TestRuntime;
// Stands in for a Postgres or Redis bound to all interfaces, which a container could otherwise reach.
let hostListener: Server;
let hostPort: number;
let gateway: string;

beforeAll(async () => {
  t = await createTestRuntime();
  hostListener = createServer((socket) => socket.on("error", () => undefined).end());
  await new Promise<void>((resolve) => hostListener.listen(0, "0.0.0.0", resolve));
  hostPort = (hostListener.address() as AddressInfo).port;
  gateway = getNetworkGateway(await t.docker.getNetwork(DEFAULT_MCP_NETWORK.name).inspect());
  await t.runtime.ensureStarted(t.createEverythingLaunch(PROBE_ID, { image: t.images.node, command: IDLE }));
});

afterAll(async () => {
  await t.runtime.remove(PROBE_ID);
  await t.runtime.remove(NEIGHBOUR_ID);
  await t.docker
    .getContainer(CONTROL_NAME)
    .remove({ force: true, v: true })
    .catch(() => undefined);
  await new Promise((resolve) => hostListener.close(resolve));
});

/**
 * IPv4 addresses of this host, from `ip` because os.networkInterfaces() omits interfaces without
 * carrier, such as a Docker bridge with no container attached yet.
 */
async function getHostAddresses(device?: string): Promise<string[]> {
  const { stdout } = await run("ip", ["-4", "-o", "addr", "show", ...(device ? ["dev", device] : [])]);
  return [...stdout.matchAll(/ inet (\S+)\//g)].map((match) => match[1] ?? "");
}

async function probeFrom(connectorId: string, targets: string[]): Promise<Record<string, string>> {
  const result = await t.runtime.exec(connectorId, ["node", "-e", PROBE, ...targets]);
  return JSON.parse(result.stdout) as Record<string, string>;
}

describe("the switchboard-mcp network", () => {
  it("is reachable from a container on Docker's default bridge (the probe itself works)", async () => {
    // The default bridge's IPAM does not name its gateway; the host's docker0 address is it.
    const [docker0] = await getHostAddresses("docker0");
    const target = `${docker0}:${hostPort}`;
    const control = await t.docker.createContainer({
      name: CONTROL_NAME,
      Image: t.images.node,
      Cmd: ["node", "-e", CONNECT_OR_FAIL, target],
      HostConfig: { NetworkMode: "bridge" },
    });
    await control.start();

    expect(await control.wait()).toMatchObject({ StatusCode: 0 });
  });

  it("blocks MCP containers from the host's Postgres, Redis and any other port on every host address", async () => {
    // Loopback is left out: inside a container it is the container itself.
    const addresses = (await getHostAddresses()).filter((address) => !address.startsWith("127."));
    expect(addresses).toContain(gateway);
    const targets = addresses.flatMap((address) => [`${address}:5432`, `${address}:6379`, `${address}:${hostPort}`]);

    const results = await probeFrom(PROBE_ID, targets);

    expect(Object.keys(results)).toHaveLength(targets.length);
    // The firewall answers TCP with a reset: refused at once, including the port that is open to other containers.
    for (const target of targets)
      expect({ target, outcome: results[target] }).toEqual({ target, outcome: "ECONNREFUSED" });
  });

  it("keeps MCP containers from reaching each other", async () => {
    const neighbour = await t.runtime.ensureStarted(
      t.createEverythingLaunch(NEIGHBOUR_ID, { image: t.images.node, command: LISTEN }),
    );
    const info = await t.docker.getContainer(neighbour.containerId).inspect();
    const neighbourAddress = info.NetworkSettings.Networks[DEFAULT_MCP_NETWORK.name]?.IPAddress ?? "";
    expect(neighbourAddress).not.toBe("");
    // Each probe starts a Node process in the container, which takes more than poll's default second on a busy host.
    await expect
      .poll(
        async () => (await t.runtime.exec(NEIGHBOUR_ID, ["node", "-e", PROBE, `127.0.0.1:${NEIGHBOUR_PORT}`])).stdout,
        { timeout: 15_000 },
      )
      .toContain("open");

    const results = await probeFrom(PROBE_ID, [`${neighbourAddress}:${NEIGHBOUR_PORT}`]);

    expect(results[`${neighbourAddress}:${NEIGHBOUR_PORT}`]).not.toBe("open");
  });

  it("gives containers no IPv6", async () => {
    const result = await t.runtime.exec(PROBE_ID, [
      "node",
      "-e",
      "console.log(require('fs').readFileSync('/proc/sys/net/ipv6/conf/all/disable_ipv6', 'utf8').trim())",
    ]);

    expect(result.stdout.trim()).toBe("1");
  });
});
