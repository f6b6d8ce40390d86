import type Provider from "oidc-provider";
import type { Adapter, ClientMetadata } from "oidc-provider";

/**
 * Registers a client known ahead of time (a company's own MCP client, or one whose host serves no
 * metadata document): validated by the provider like a registration, stored like one, and never
 * expiring (dynamically registered clients expire when unused, see prisma-adapter.ts).
 */
export async function registerProviderClient(provider: Provider, metadata: ClientMetadata): Promise<void> {
  await provider.Client.validate(metadata);
  // The provider's typings omit the model's static adapter (its registrations are stored through it).
  const { adapter } = provider.Client as unknown as { adapter: Adapter };
  await adapter.upsert(metadata.client_id, { ...metadata }, 0);
}
