import { startHaproxy, type Haproxy } from "./start-haproxy.ts";

/**
 * HAProxy balancing every request round-robin over `backends`, with no stickiness of any kind, as
 * the README tells operators to put it in front of several gateways. A backend that refuses
 * connections is marked down by its health check (`/health`, every 500 ms). A request whose
 * backend closed the connection without answering (it died, or was killed and its sockets not yet
 * closed) is sent again to another backend (`retry-on ... empty-response` with `redispatch`):
 * without it HAProxy closes the client's connection without a word (a keep-alive client is
 * expected to resend, and fetch never resends a POST). The cost, documented in docs/design.md: a
 * call the dead backend had already started may run twice. Resolves once a backend answers
 * `/health` through the proxy.
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
      // One retry, to another gateway: a call a dying gateway had started runs at most twice.
      "retries 1",
      "option redispatch 1",
      "retry-on conn-failure empty-response",
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
