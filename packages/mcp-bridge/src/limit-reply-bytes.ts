/** A server's answer went past the bytes the caller keeps (its memory is shared with every other connector). */
export class ReplyTooLargeError extends Error {}

export function describeLimit(what: string, maxBytes: number): string {
  return `${what} is larger than ${Math.round((maxBytes / 1024 / 1024) * 100) / 100} MiB; it was not read further`;
}

/**
 * A `fetch` whose response bodies fail, their connection closed, once one passes `maxBytes`. An
 * event stream lives as long as its session, so there the limit holds for each event (the bytes
 * since the last blank line; one split across two chunks counts with the next event, erring long).
 */
export function limitReplyBytes(fetchImpl: typeof fetch, maxBytes: number): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const response = await fetchImpl(input, init);
    if (!response.body) return response;
    const perEvent = (response.headers.get("content-type") ?? "").startsWith("text/event-stream");
    let received = 0;
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          let start = 0;
          for (const end of perEvent ? findEventEnds(chunk) : []) {
            if (received + end - start > maxBytes) break;
            received = 0;
            start = end;
          }
          received += chunk.byteLength - start;
          if (received <= maxBytes) return controller.enqueue(chunk);
          const what = perEvent ? "An event of the server's reply" : "The server's reply";
          controller.error(new ReplyTooLargeError(describeLimit(what, maxBytes)));
        },
      }),
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }) as typeof fetch;
}

/** Where each event of an event-stream chunk ends (after its blank line). */
function findEventEnds(chunk: Uint8Array): number[] {
  const ends: number[] = [];
  for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) {
    if (chunk[at + 1] === 0x0a) ends.push(at + 2);
    else if (chunk[at + 1] === 0x0d && chunk[at + 2] === 0x0a) ends.push(at + 3);
  }
  return ends;
}

/** Collects tools/list pages, refusing a list whose JSON passes `maxBytes` (a server paging without end). */
export function createToolCollector<T>(maxBytes: number) {
  const tools: T[] = [];
  let bytes = 0;
  return {
    tools,
    add(page: readonly T[]) {
      bytes += Buffer.byteLength(JSON.stringify(page));
      if (bytes > maxBytes) throw new ReplyTooLargeError(describeLimit("The server's tool list", maxBytes));
      tools.push(...page);
    },
  };
}
