import { catalogEntrySchema, type RemoteTransport } from "@switchboard/catalog";
import { seedOAuthCredential } from "@switchboard/credential-refresh/testing";
import type { PrismaClient } from "@switchboard/db";
import type { SecretBox } from "@switchboard/db/crypto";
import { seedUser } from "@switchboard/db/testing";
import type { TestProvider } from "@switchboard/oauth/testing";
import { echoTool } from "./harness.ts";

export interface RemoteEntry {
  slug: string;
  name: string;
  url: string;
  transport: RemoteTransport;
}

/**
 * A new user's RUNNING connector of a remote MCP server, authorized at the test provider:
 * its catalog entry, OAuth credential and the echo tool the gateway lists for it.
 */
export async function seedRemoteOAuthConnector(
  prisma: PrismaClient,
  secretBox: SecretBox,
  provider: TestProvider,
  remote: RemoteEntry,
) {
  const user = await seedUser(prisma);
  const entry = catalogEntrySchema.parse({
    schemaVersion: 1,
    id: remote.slug,
    source: "custom",
    name: remote.name,
    server: { type: "remote", url: remote.url, transport: remote.transport },
    auth: { kind: "remote_mcp_static", delivery: [{ kind: "header" }] },
  });
  const row = await prisma.catalogEntry.create({
    data: { slug: entry.id, source: "CUSTOM", name: entry.name, authKind: entry.auth.kind, location: "remote", tags: [], entry }, // prettier-ignore
  });
  const seeded = await seedOAuthCredential(prisma, secretBox, provider, {
    catalogEntryId: row.id,
    ownerUserId: user.id,
  });
  await prisma.connector.update({
    where: { id: seeded.connectorId },
    data: { status: "RUNNING", tools: [echoTool] },
  });
  return { ...seeded, userId: user.id };
}
