import { z } from "zod";

/**
 * What the caller persists between `beginAuthorization` and `completeAuthorization` (secret:
 * it holds the PKCE verifier). Validated on the way back in, since it comes from storage.
 */
export const authorizationFlowStateSchema = z.object({
  state: z.string().min(22),
  codeVerifier: z.string().min(43),
  issuer: z.string().min(1),
  clientId: z.string().min(1),
  redirectUri: z.url(),
  resource: z.string().optional(),
  scopes: z.array(z.string()),
  createdAt: z.iso.datetime(),
});
export type AuthorizationFlowState = z.infer<typeof authorizationFlowStateSchema>;
