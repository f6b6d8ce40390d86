import { InMemoryTransport, McpServer } from "@modelcontextprotocol/server";
import { registerAppTool, RESOURCE_MIME_TYPE } from "@modelcontextprotocol/ext-apps/server";

/** The view of the clock app (an MCP App, SEP-1865), as its server names it. */
export const CLOCK_VIEW_URI = "ui://clock/view.html";

/** What the view asks of the host: read from the resource's `_meta.ui`, in the listing and the read. */
export const CLOCK_VIEW_UI = {
  csp: { connectDomains: ["https://time.example.com"], resourceDomains: ["https://cdn.example.com"] },
  permissions: { clipboardWrite: {} },
  prefersBorder: true,
};

/**
 * An MCP server serving an MCP App as ext-apps' server helpers declare one: `show_time` (for the model
 * and the app) renders the view `ui://clock/view.html`, and `tick` is for the app only, which calls
 * it by its own name from inside the view.
 */
export function createClockAppServer() {
  const server = new McpServer({ name: "clock", version: "1.0.0" });
  let ticks = 0;
  registerAppTool(
    server,
    "show_time",
    { description: "Shows the time", _meta: { ui: { resourceUri: CLOCK_VIEW_URI } } },
    async () => ({ content: [{ type: "text", text: "12:00" }] }),
  );
  registerAppTool(
    server,
    "tick",
    { description: "Advances the clock (for the view)", _meta: { ui: { resourceUri: CLOCK_VIEW_URI, visibility: ["app"] } } }, // prettier-ignore
    async () => ({ content: [{ type: "text", text: `tick ${++ticks}` }] }),
  );
  // What ext-apps' registerAppResource does, which is typed against another copy of the v2 SDK.
  server.registerResource(
    "Clock view",
    CLOCK_VIEW_URI,
    { mimeType: RESOURCE_MIME_TYPE, _meta: { ui: CLOCK_VIEW_UI } },
    async () => ({
      // prettier-ignore
      contents: [
      {
        uri: CLOCK_VIEW_URI,
        mimeType: RESOURCE_MIME_TYPE,
        text: "<!doctype html><html><body><p id=time>12:00</p></body></html>",
        _meta: { ui: CLOCK_VIEW_UI },
      },
    ],
    }),
  );
  return server;
}

/** The clock app server, connected in-process: the other end is what a bridge serves. */
export async function connectClockAppServer() {
  const [bridgeSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createClockAppServer().connect(serverSide);
  return bridgeSide;
}
