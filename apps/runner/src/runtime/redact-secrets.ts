// Shorter values (a one-letter setting) would shred the text and are no real secret anyway.
const MIN_SECRET_LENGTH = 4;

/** Cuts every known secret value out of `text`, the longest first, since one value may contain another. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return secrets
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length)
    .reduce((redacted, secret) => redacted.replaceAll(secret, "[redacted]"), text);
}
