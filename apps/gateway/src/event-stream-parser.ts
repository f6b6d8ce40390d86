/**
 * Parses a text/event-stream fed chunk by chunk and calls `onData` with the `data` of each event.
 * MCP sends one JSON-RPC message per event and uses no other field the gateway needs (event ids
 * serve resumption, which it does not use on per-request streams).
 */
export function createEventStreamParser(onData: (data: string) => void): (chunk: string) => void {
  let pending = "";
  let searchFrom = 0;
  let data: string | undefined;
  return (chunk) => {
    pending += chunk;
    let end: number;
    while ((end = pending.indexOf("\n", searchFrom)) >= 0) {
      const line = pending.slice(0, pending.charCodeAt(end - 1) === 13 ? end - 1 : end);
      pending = pending.slice(end + 1);
      searchFrom = 0;
      if (line === "") {
        if (data !== undefined) onData(data);
        data = undefined;
      } else if (line.startsWith("data:")) {
        const value = line.slice(line.charCodeAt(5) === 32 ? 6 : 5);
        data = data === undefined ? value : `${data}\n${value}`;
      }
    }
    // A long line arriving in many chunks is scanned once, not once per chunk.
    searchFrom = pending.length;
  };
}
