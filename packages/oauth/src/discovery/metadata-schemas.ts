import { z } from "zod";

const stringList = z.array(z.string());

/** RFC 9728 protected resource metadata; unknown members are kept. */
export const protectedResourceMetadataSchema = z.looseObject({
  resource: z.string().min(1),
  authorization_servers: stringList.min(1),
  scopes_supported: stringList.optional(),
  resource_name: z.string().optional(),
});
export type ProtectedResourceMetadata = z.infer<typeof protectedResourceMetadataSchema>;

/**
 * RFC 8414 authorization server metadata with the members this package uses; unknown members
 * are kept, so the object can be stored and handed back as it came.
 */
export const authorizationServerMetadataSchema = z.looseObject({
  issuer: z.string().min(1),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  registration_endpoint: z.url().optional(),
  revocation_endpoint: z.url().optional(),
  scopes_supported: stringList.optional(),
  grant_types_supported: stringList.optional(),
  authorization_grant_profiles_supported: stringList.optional(),
  code_challenge_methods_supported: stringList.optional(),
  token_endpoint_auth_methods_supported: stringList.optional(),
  authorization_response_iss_parameter_supported: z.boolean().optional(),
  client_id_metadata_document_supported: z.boolean().optional(),
  /**
   * Not RFC 8414: only for providers configured by their endpoints, whose issuer is not known.
   * RFC 9207 `iss` values their authorization responses may carry besides `issuer` (RFC 9207
   * §2.4 leaves such servers to local policy). Discovery drops it from fetched documents.
   */
  switchboard_response_issuers: stringList.optional(),
});
export type AuthorizationServerMetadata = z.infer<typeof authorizationServerMetadataSchema>;
