/**
 * A whole value that only asks to be replaced, as READMEs and sample configs write them:
 * `<project-id>`, `your-team-id`, `YOUR_CLIENT_ID`, `put-token-here`, `REPLACE_ME`. Imported as is,
 * the server would start with that text; such a value becomes a setting to fill in instead.
 */
export function isFillInPlaceholder(value: string): boolean {
  const text = value.trim();
  if (text.length > 100 || text.includes("${")) return false;
  return (
    /^<[^<>]+>$/.test(text) ||
    /^your[-_ ]\S/i.test(text) ||
    /^[\w.-]+[-_]here$/i.test(text) ||
    /^(?:replace[-_ ]?me|change[-_ ]?me|todo|x{3,})$/i.test(text)
  );
}
