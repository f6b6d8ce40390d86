import type Provider from "oidc-provider";
import type { Adapter, ClientMetadata } from "oidc-provider";

/**
 * Tests' way to register a client ahead of time (the product has no such path yet: clients
 * register dynamically or by metadata document). Registers a client known ahead of time (a company's own MCP client, or one whose host
 * serves no metadata document): validated by the provider like a registration, stored like one.
 */
export async function preRegisterClient(provider: Provider, metadata: ClientMetadata): Promise<void> {
  await provider.Client.validate(metadata);
  // The provider's typings omit the model's static adapter (its registrations are stored through it).
  const { adapter } = provider.Client as unknown as { adapter: Adapter };
  // 0: never expires (dynamically registered clients expire when unused, see prisma-adapter.ts).
  await adapter.upsert(metadata.client_id, { ...metadata }, 0);
}
