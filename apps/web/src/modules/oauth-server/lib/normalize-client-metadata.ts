import type { Configuration } from "oidc-provider";
import { isLoopbackOnly } from "./loopback-redirects.ts";

/**
 * What Switchboard makes of a client's metadata, for every client the provider builds (registered,
 * from a metadata document, or loaded), before the provider checks it:
 *
 * - A client whose every redirect URI is an http loopback address runs on the user's device: it is
 *   a native app whatever it declared, and RFC 8252 §7.3 says its redirect may name any port (it
 *   listens on whichever is free). oidc-provider matches ports loosely only for
 *   `application_type: native`, which such clients rarely declare: the 1.x SDK's registration and
 *   Claude Code's metadata document leave it out, and RFC 7591 then means `web`.
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
    if (key === "application_type" && isLoopbackOnly(metadata.redirect_uris, { httpOnly: true })) {
      metadata.application_type = "native";
    }
  },
};
