// Shorter values (a one-letter setting) would shred the text and are no real secret anyway.
const MIN_SECRET_LENGTH = 4;
// A base64 run this short matches ordinary words; longer secrets are cut in base64 too.
const MIN_BASE64_LENGTH = 8;

/**
 * Cuts every known secret value out of `text`, the longest first, since one value may contain
 * another: as it is, and as servers print it when they log a request or their settings,
 * percent-encoded (a URL's query), JSON-escaped and in base64 (HTTP Basic `user:secret`, base64url).
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return createRedactor(secrets)(text);
}

/** `redactSecrets` for these secrets, their spellings worked out once (a log redacts every line). */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const spellings = secrets
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .flatMap(spellingsOf)
    .sort((a, b) => b.length - a.length);
  return (text) => spellings.reduce((redacted, secret) => redacted.replaceAll(secret, "[redacted]"), text);
}

function spellingsOf(secret: string): string[] {
  const spellings = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  for (const core of base64Cores(secret)) {
    spellings.add(core);
    spellings.add(core.replaceAll("+", "-").replaceAll("/", "_"));
  }
  return [...spellings];
}

/**
 * The part of the base64 of any text containing `secret` that depends on the secret alone, for
 * each of the three byte offsets it can start at: the groups that mix in bytes around it are left
 * out (at most two characters of them on each side stay).
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret);
  return [0, 1, 2]
    .map((offset) => {
      const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
      return encoded.slice(offset === 0 ? 0 : 4, Math.floor((offset + bytes.length) / 3) * 4);
    })
    .filter((core) => core.length >= MIN_BASE64_LENGTH);
}
