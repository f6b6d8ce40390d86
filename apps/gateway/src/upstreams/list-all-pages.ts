/** More pages than a server should need; a server that keeps naming a next page is cut off there. */
const MAX_PAGES = 64;

/** Every item of a paginated list (tools, prompts, resources…), page after page while the server names a next one. */
export async function listAllPages<T>(
  fetchPage: (params: { cursor?: string }) => Promise<{ items: T[]; nextCursor?: string | undefined }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await fetchPage(cursor === undefined ? {} : { cursor });
    items.push(...result.items);
    cursor = result.nextCursor;
    if (cursor === undefined) break;
  }
  return items;
}
