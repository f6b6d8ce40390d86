import type Provider from "oidc-provider";
import type { ClientMetadata } from "oidc-provider";
import { registerProviderClient } from "@/modules/oauth-server/lib/register-provider-client.ts";

/** Tests register fixed client ids (the admin page generates them) through the product's path. */
export function preRegisterClient(provider: Provider, metadata: ClientMetadata): Promise<void> {
  return registerProviderClient(provider, metadata);
}
