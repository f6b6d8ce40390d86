import * as oauth from "oauth4webapi";
import { z } from "zod";
import type { AuthorizationServerMetadata } from "../discovery/metadata-schemas.ts";
import { OAuthError, toProviderDescription } from "../errors.ts";
import { toAuthorizationServer, toHttpOptions } from "../oauth4webapi-adapter.ts";
import type { GuardedFetch } from "../ssrf/guarded-fetch.ts";
import { callAuthorizationServer } from "../tokens/call-authorization-server.ts";
import type { OAuthClient, TokenEndpointAuthMethod } from "../types.ts";
import { toRegistrationMetadata, type ClientMetadata } from "./client-metadata-document.ts";
import { chooseSecretAuthMethod } from "./create-static-client.ts";

const registrationResponseSchema = z.object({
  client_id: z.string().min(1),
  client_secret: z.string().min(1).optional(),
  client_secret_expires_at: z.number().optional(),
  token_endpoint_auth_method: z.enum(["client_secret_basic", "client_secret_post", "none"]).optional(),
  redirect_uris: z.array(z.string()).optional(),
});

const registrationErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/**
 * RFC 7591 dynamic client registration as a web application with a confidential client when
 * the server allows one. Parsed here rather than by oauth4webapi, which rejects the common
 * answers that omit `client_secret_expires_at` or come with 200 instead of 201.
 */
export async function registerClient(
  authorizationServer: AuthorizationServerMetadata,
  metadata: ClientMetadata,
  options: { fetch: GuardedFetch },
): Promise<OAuthClient> {
  const endpoint = authorizationServer.registration_endpoint;
  if (endpoint === undefined) {
    throw new OAuthError("registration_unavailable", "The authorization server does not offer dynamic registration.");
  }
  const host = new URL(endpoint).host;
  const requestedMethod = chooseRegistrationAuthMethod(authorizationServer.token_endpoint_auth_methods_supported);
  const body = { ...toRegistrationMetadata(metadata), token_endpoint_auth_method: requestedMethod };

  const registered = await callAuthorizationServer(
    endpoint,
    () =>
      oauth.dynamicClientRegistrationRequest(
        toAuthorizationServer(authorizationServer),
        body,
        toHttpOptions(options.fetch),
      ),
    (response) => readRegistration(response, host),
  );

  const method = registered.token_endpoint_auth_method ?? requestedMethod;
  if (method !== "none" && registered.client_secret === undefined) {
    throw new OAuthError("registration_failed", `${host} registered a confidential client without a secret.`);
  }
  return {
    clientId: registered.client_id,
    clientSecret: method === "none" ? undefined : registered.client_secret,
    tokenEndpointAuthMethod: method,
    registration: "dynamic",
    issuer: authorizationServer.issuer,
    redirectUris: registered.redirect_uris ?? [...metadata.redirectUris],
    clientSecretExpiresAt: registered.client_secret_expires_at,
  };
}

function chooseRegistrationAuthMethod(supported: readonly string[] | undefined): TokenEndpointAuthMethod {
  if (supported !== undefined && supported.every((method) => method === "none")) return "none";
  return chooseSecretAuthMethod(supported);
}

async function readRegistration(response: Response, host: string): Promise<z.infer<typeof registrationResponseSchema>> {
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const rejection = registrationErrorSchema.safeParse(body);
    throw new OAuthError("registration_failed", `${host} refused to register this client.`, {
      status: response.status,
      providerError: rejection.data?.error,
      providerDescription: toProviderDescription(rejection.data?.error_description),
    });
  }
  const parsed = registrationResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new OAuthError("registration_failed", `${host} answered the registration with a malformed response.`);
  }
  return parsed.data;
}
