import { errors, type Configuration } from "oidc-provider";
import { isNativeAppRedirects } from "./native-redirects.ts";
import { findOsHandlerScheme } from "./os-handler-schemes.ts";

/**
 * What Switchboard makes of a client's metadata, for every client the provider builds (registered,
 * from a metadata document, or loaded), before the provider checks it:
 *
 * - A client whose every redirect URI is an http loopback address, or one of whose redirect URIs
 *   names a private-use scheme (`cursor://…`), runs on the user's device: it is a native app
 *   whatever it declared. RFC 8252 §7.3 says a loopback redirect may name any port (the app listens
 *   on whichever is free); oidc-provider matches ports loosely, and accepts private-use schemes at
 *   all, only for `application_type: native`, which such clients rarely declare: the 1.x SDK's
 *   registration, Claude Code's metadata document and Cursor's registration leave it out, and
 *   RFC 7591 then means `web`.
 * - A client's registered `scope` is forgotten. The gateway has one scope, so it restricts nothing
 *   worth restricting, while the provider refused registrations naming scopes it does not know
 *   (`mcp:tools`, `profile`) and authorizations asking for one the client had not registered
 *   (`offline_access` after registering the resource's advertised `mcp`). RFC 7591 lets a server
 *   replace requested metadata; the authorization request's own scope still counts.
 * - A redirect URI naming an operating system's or Office's protocol handler (`ms-msdt:`,
 *   `search-ms:`, …; see os-handler-schemes.ts) refuses the client: at registration (400
 *   `invalid_redirect_uri`), and for a metadata document or a stored client when it is loaded, so
 *   no error redirect ever goes there.
 */
export const normalizeClientMetadata: NonNullable<Configuration["extraClientMetadata"]> = {
  properties: ["application_type", "scope", "redirect_uris"],
  validator: (_ctx, key, value, metadata) => {
    if (key === "scope") delete metadata.scope;
    const handler = key === "redirect_uris" ? findOsHandlerScheme(value) : undefined;
    if (handler) {
      // The provider answers invalid_redirect_uri for a description that begins with `redirect_uris`.
      throw new errors.InvalidClientMetadata(
        `redirect_uris must not use the ${handler}: URI scheme: it opens a program of the operating system or Office, not the app`,
      );
    }
    if (key === "application_type" && isNativeAppRedirects(metadata.redirect_uris)) {
      metadata.application_type = "native";
    }
  },
};
