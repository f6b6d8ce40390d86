import type { Configuration } from "oidc-provider";
import { isLoopbackOnly } from "./loopback-redirects.ts";

/**
 * A client whose every redirect URI is an http loopback address runs on the user's device: it is a
 * native app whatever it declared, and RFC 8252 §7.3 says its redirect may name any port (it listens
 * on whichever is free). oidc-provider matches ports loosely only for `application_type: native`,
 * which such clients rarely declare: the 1.x SDK's registration and Claude Code's metadata document
 * leave it out, and RFC 7591 then means `web`, so their sign-in from a new port was refused. The
 * provider calls this for every client it builds (registered, from a metadata document, or loaded),
 * before it checks the redirect URIs against the application type.
 */
export const loopbackClientsAreNative: NonNullable<Configuration["extraClientMetadata"]> = {
  properties: ["application_type"],
  validator: (_ctx, key, _value, metadata) => {
    if (key === "application_type" && isLoopbackOnly(metadata.redirect_uris, { httpOnly: true })) {
      metadata.application_type = "native";
    }
  },
};
