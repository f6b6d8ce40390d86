import { startHaproxy, type Haproxy } from "./start-haproxy.ts";

/**
 * HAProxy balancing every request round-robin over `backends`, with no stickiness of any kind, as
 * an operator would put it in front of several gateways. A backend that refuses connections is
 * marked down by its health check (`/health`, every 500 ms) and a request that could not connect is
 * sent to another one (`redispatch`); a request already sent to a backend that dies is not retried
 * (it may have had effects): the client gets HAProxy's 502 or sees the connection closed. Resolves
 * once a backend answers `/health` through the proxy.
 */
export async function startRoundRobinProxy(backends: string[]): Promise<Haproxy> {
  const proxy = await startHaproxy({
    purpose: "the gateway scale-out tests",
    defaults: [
      "timeout connect 1s",
      // A busy gateway is slow, not down; a dead one refuses connections at once.
      "timeout check 5s",
      // Event streams stay open for a session's life.
      "timeout client 120s",
      "timeout server 120s",
      "retries 3",
      "option redispatch 1",
    ],
    backend: [
      "balance roundrobin",
      "option httpchk GET /health",
      "default-server check inter 500 fall 2 rise 1",
      ...backends.map((backend, index) => `server gateway${index} ${new URL(backend).host}`),
    ],
  });
  for (let attempt = 0; ; attempt += 1) {
    const up = await fetch(`${proxy.url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) return proxy;
    if (attempt > 100) {
      await proxy.stop();
      throw new Error("no gateway answered /health through haproxy within 10 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
