/**
 * A bundle's URL as logs and error messages may show it: origin and path only. A publisher's URL
 * may carry credentials (`user:pass@`) or a signed query, which belong to no log line.
 */
export function describeBundleUrl(url: string): string {
  try {
    const { origin, pathname } = new URL(url);
    return `${origin}${pathname}`;
  } catch {
    return "(an invalid URL)";
  }
}
