/** A server's answer went past the bytes the caller keeps (its memory is shared with every other connector). */
export class ReplyTooLargeError extends Error {}

export function describeLimit(what: string, maxBytes: number): string {
  return `${what} is larger than ${Math.round((maxBytes / 1024 / 1024) * 100) / 100} MiB; it was not read further`;
}

/** A `fetch` whose response bodies fail, their connection closed, once one passes `maxBytes`. */
export function limitReplyBytes(fetchImpl: typeof fetch, maxBytes: number): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const response = await fetchImpl(input, init);
    if (!response.body) return response;
    let received = 0;
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          received += chunk.byteLength;
          if (received > maxBytes)
            controller.error(new ReplyTooLargeError(describeLimit("The server's reply", maxBytes)));
          else controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }) as typeof fetch;
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
