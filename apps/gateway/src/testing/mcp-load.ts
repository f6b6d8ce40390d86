import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";

export interface CallOutcome {
  client: number;
  startedAt: number;
  endedAt: number;
  /** ok: its own echo came back; tool_error / failed: an error result or no answer; crossed: another call's answer. */
  kind: "ok" | "tool_error" | "failed" | "crossed";
  /** How a failed call failed: "tool error", "HTTP 503", "JSON-RPC -32602", … */
  failure?: string;
}

export interface FaultReport {
  fault: string;
  calls: number;
  failed: number;
  crossed: number;
  /** From the fault until calls succeeded again (0: no call failed). */
  recoveryMs: number;
  /** Failed calls by how they failed. */
  failures: Record<string, number>;
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function describeFailure(error: unknown): string {
  if (error instanceof StreamableHTTPError) return `HTTP ${error.code}`;
  if (error instanceof McpError) return `JSON-RPC ${error.code}`;
  return error instanceof Error ? error.name : String(error);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * MCP clients calling one echo tool through the gateway in a loop, each with messages of its own,
 * so every answer is checked against its request. A client whose session broke opens a new one.
 */
export function startMcpLoad({
  url,
  token,
  clients,
  tool,
}: {
  url: string;
  token: string;
  clients: number;
  tool: string;
}) {
  const outcomes: CallOutcome[] = [];
  let stopped = false;
  let paused: Promise<void> | undefined;
  let resume = () => undefined as void;
  let inFlight = 0;
  /** When each client's call in flight started (undefined: none in flight). */
  const callStartedAt: (number | undefined)[] = Array.from({ length: clients }, () => undefined);
  let idle: (() => void) | undefined;

  async function connect() {
    const client = new Client({ name: "fault-load", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
      { timeout: 5_000 },
    );
    return client;
  }

  async function run(index: number) {
    let client: Client | undefined;
    for (let sequence = 0; !stopped; sequence += 1) {
      if (paused) {
        await paused;
        continue;
      }
      const message = `client-${index}-call-${sequence}`;
      const startedAt = performance.now();
      callStartedAt[index] = startedAt;
      inFlight += 1;
      let kind: CallOutcome["kind"];
      let failure: string | undefined;
      try {
        client ??= await connect();
        const result = await client.callTool({ name: tool, arguments: { message } }, undefined, { timeout: 10_000 });
        const text = (result.content as { text?: string }[] | undefined)?.[0]?.text;
        kind = result.isError === true ? "tool_error" : text === `Echo: ${message}` ? "ok" : "crossed";
        if (kind === "tool_error") failure = "tool error";
      } catch (error) {
        kind = "failed";
        failure = describeFailure(error);
        // A JSON-RPC error came over a working session; anything else (HTTP 404/503, refused) needs a new one.
        if (!(error instanceof McpError)) {
          void client?.close().catch(() => undefined);
          client = undefined;
        }
      }
      outcomes.push({ client: index, startedAt, endedAt: performance.now(), kind, ...(failure ? { failure } : {}) });
      callStartedAt[index] = undefined;
      inFlight -= 1;
      if (inFlight === 0) idle?.();
      if (kind !== "ok") await sleep(50);
    }
    await client?.close().catch(() => undefined);
  }

  const runners = Array.from({ length: clients }, (_, index) => run(index));

  return {
    outcomes,
    /** Stops calling and resolves once no call is in flight. */
    async pause() {
      paused = new Promise<void>((resolve) => {
        resume = resolve;
      });
      if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
      idle = undefined;
    },
    resume() {
      paused = undefined;
      resume();
    },
    /**
     * Resolves once the load is steady again after a fault at `since`: for `steadyMs`, no call
     * failed, none hangs, and every client got its answers.
     */
    async waitForRecovery(since: number, timeoutMs: number, steadyMs = 1_000) {
      const deadline = since + timeoutMs;
      for (;;) {
        const now = performance.now();
        const recent = outcomes.filter((outcome) => outcome.endedAt >= Math.max(since, now - steadyMs));
        const steady =
          now - since >= steadyMs &&
          recent.every((outcome) => outcome.kind === "ok") &&
          callStartedAt.every((startedAt) => startedAt === undefined || now - startedAt < steadyMs) &&
          Array.from({ length: clients }, (_, index) => recent.some((outcome) => outcome.client === index)).every(
            Boolean,
          );
        if (steady) return;
        if (now > deadline) throw new Error(`calls did not recover within ${timeoutMs} ms`);
        await sleep(50);
      }
    },
    /** What happened to calls that ended between `since` and `until`. */
    report(fault: string, since: number, until = performance.now()): FaultReport {
      const window = outcomes.filter((outcome) => outcome.endedAt >= since && outcome.endedAt <= until);
      const bad = window.filter((outcome) => outcome.kind !== "ok");
      const lastBad = bad.at(-1);
      const firstGoodAfter = lastBad
        ? window.find((outcome) => outcome.kind === "ok" && outcome.startedAt >= lastBad.startedAt)
        : undefined;
      return {
        fault,
        calls: window.length,
        failed: bad.filter((outcome) => outcome.kind !== "crossed").length,
        crossed: window.filter((outcome) => outcome.kind === "crossed").length,
        recoveryMs: lastBad ? Math.round((firstGoodAfter?.endedAt ?? until) - since) : 0,
        failures: countBy(bad.map((outcome) => outcome.failure ?? "crossed")),
      };
    },
    async stop() {
      stopped = true;
      this.resume();
      await Promise.all(runners);
    },
  };
}
