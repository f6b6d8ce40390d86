import type { Configuration } from "oidc-provider";
import { isNativeAppRedirects } from "./native-redirects.ts";

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
 */
export const normalizeClientMetadata: NonNullable<Configuration["extraClientMetadata"]> = {
  properties: ["application_type", "scope"],
  validator: (_ctx, key, _value, metadata) => {
    if (key === "scope") delete metadata.scope;
    if (key === "application_type" && isNativeAppRedirects(metadata.redirect_uris)) {
      metadata.application_type = "native";
    }
  },
};
