import { describe, expect, it } from "vitest";
import { createEventStreamParser } from "./event-stream-parser.ts";

function parse(chunks: string[]): string[] {
  const events: string[] = [];
  const push = createEventStreamParser((data) => events.push(data));
  for (const chunk of chunks) push(chunk);
  return events;
}

describe("createEventStreamParser", () => {
  it("passes on the data of each event, whatever the chunk boundaries", () => {
    const stream = 'event: message\nid: 1\ndata: {"a":1}\n\n: keep-alive\n\ndata: {"b":2}\n\n';
    expect(parse([stream])).toEqual(['{"a":1}', '{"b":2}']);
    expect(parse(stream.split(""))).toEqual(['{"a":1}', '{"b":2}']);
  });

  it("joins multi-line data, reads CRLF line ends and skips events without data", () => {
    expect(parse(["id: 7\r\n\r\ndata:first\r\ndata: second\r\n\r\n"])).toEqual(["first\nsecond"]);
  });

  it("holds an event back until its blank line arrives", () => {
    expect(parse(["data: x\n"])).toEqual([]);
  });
});
