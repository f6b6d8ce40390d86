/** A fresh nonce per response: 128 random bits, base64. */
export function createNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * The Content-Security-Policy of every page. Scripts run only with this response's nonce (Next
 * stamps it on its own scripts when it finds the policy on the request) or when loaded by such a
 * script ('strict-dynamic'); nothing may frame the app (clickjacking on consent and admin pages).
 * Styles allow inline attributes (React `style` props cannot carry a nonce); images may come from
 * https, where catalog entries keep their icons. No `form-action`: Chrome applies it to the
 * redirects after a form post, which would break OAuth consent redirects to clients' own URIs.
 */
export function contentSecurityPolicy({
  nonce,
  https,
  development,
}: {
  nonce: string;
  https: boolean;
  development: boolean;
}) {
  return [
    "default-src 'self'",
    // Next's development server evaluates modules (React's debugging needs eval); production never.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Headers every response carries besides the policy. HSTS only when the public URL is https. */
export function securityHeaders({ https }: { https: boolean }): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    ...(https && { "strict-transport-security": "max-age=31536000; includeSubDomains" }),
  };
}
