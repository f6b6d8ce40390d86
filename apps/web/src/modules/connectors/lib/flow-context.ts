import type { AuthorizationServerMetadata } from "@switchboard/oauth";
import { z } from "zod";

/** Which stored client a flow uses; the callback reloads (and decrypts) it from here. */
export const clientReferenceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("provider"), providerClientId: z.uuid() }),
  z.object({ kind: z.literal("registration"), registrationId: z.uuid() }),
]);

export type ClientReference = z.infer<typeof clientReferenceSchema>;

/**
 * The non-secret half of a flow, stored as `AuthorizationFlow.context` so the callback needs no
 * second discovery: the authorization server's metadata as discovered, the client, and what was
 * requested. Parsed on the way back in, since it comes from storage.
 */
export const flowContextSchema = z.object({
  authorizationServer: z.looseObject({
    issuer: z.string(),
    authorization_endpoint: z.string(),
    token_endpoint: z.string(),
  }),
  client: clientReferenceSchema,
  clientId: z.string(),
  redirectUri: z.string(),
  resource: z.string().optional(),
  scopes: z.array(z.string()),
});

export type FlowContext = z.infer<typeof flowContextSchema> & { authorizationServer: AuthorizationServerMetadata };

export function parseFlowContext(value: unknown): FlowContext | undefined {
  const parsed = flowContextSchema.safeParse(value);
  return parsed.success ? (parsed.data as FlowContext) : undefined;
}
