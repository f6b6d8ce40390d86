import { describe, expect, it } from "vitest";
import { passOnClientMeta, withClientMeta } from "./client-meta.ts";

const trace = { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", tracestate: "vendor=value" };

describe("passOnClientMeta", () => {
  it("keeps trace context and the client's own keys", () => {
    expect(passOnClientMeta({ ...trace, baggage: "a=1", "example.com/request": "r-1" })).toEqual({
      ...trace,
      baggage: "a=1",
      "example.com/request": "r-1",
    });
  });

  it("drops the progress token and every key under a prefix MCP reserves", () => {
    const meta = {
      ...trace,
      progressToken: 7,
      "io.modelcontextprotocol/clientInfo": { name: "client" },
      "io.modelcontextprotocol/related-task": { taskId: "t" },
      "tools.mcp.com/x": 1,
      "modelcontextprotocol.io/y": 2,
      "example.com/mcpish": 3,
    };
    // As a parsed request body has it: an own `__proto__` key.
    const kept = passOnClientMeta(JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(meta).slice(1)}`));
    expect(kept).toEqual({ ...trace, "example.com/mcpish": 3 });
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
  });

  it("is undefined without `_meta` or when nothing is left", () => {
    expect(passOnClientMeta(undefined)).toBeUndefined();
    expect(passOnClientMeta({ progressToken: 1 })).toBeUndefined();
    expect(passOnClientMeta("traceparent")).toBeUndefined();
  });
});

describe("withClientMeta", () => {
  it("adds the client's keys under the gateway's own, which win", () => {
    const params = { name: "echo", _meta: { "io.modelcontextprotocol/clientCapabilities": {} } };
    expect(withClientMeta(params, { ...trace, "io.modelcontextprotocol/clientCapabilities": "client" })).toEqual({
      name: "echo",
      _meta: { ...trace, "io.modelcontextprotocol/clientCapabilities": {} },
    });
    expect(withClientMeta(params, undefined)).toBe(params);
  });
});
