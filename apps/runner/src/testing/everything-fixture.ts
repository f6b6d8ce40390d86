import { randomUUID } from "node:crypto";
import type { CatalogEntryInput } from "@switchboard/catalog";
import type { PrismaClient } from "@switchboard/db";
import type { SecretBox } from "@switchboard/db/crypto";
import { seedUser } from "@switchboard/db/testing";

export interface EverythingFixture {
  catalogEntryId: string;
  userId: string;
  /** Every connector created, so the test can remove their containers at the end. */
  created: string[];
  /** A personal connector of server-everything, QUEUED and meant to run, with `apiKey` as its secret setting. */
  createConnector(): Promise<string>;
}

/** A user and a catalog entry that runs the server-everything test image with a secret API key in its env. */
export async function seedEverythingFixture(
  prisma: PrismaClient,
  secretBox: SecretBox,
  {
    image,
    apiKey,
    server,
  }: {
    image: string;
    apiKey: string;
    /** Overrides of the entry's server, e.g. to run server-everything over Streamable HTTP. */
    server?: Partial<Extract<CatalogEntryInput["server"], { type: "local" }>>;
  },
): Promise<EverythingFixture> {
  const userId = (await seedUser(prisma)).id;
  const entry: CatalogEntryInput = {
    schemaVersion: 1,
    id: server?.http ? "everything-http-test" : "everything-test",
    source: "custom",
    name: "Everything (test image)",
    server: { type: "local", runtime: "image", image, env: { EXAMPLE_API_KEY: "${user_config.api_key}" }, ...server },
    userConfig: { api_key: { type: "string", title: "API key", secret: true, required: true } },
    auth: { kind: "api_key", fields: ["api_key"] },
  };
  const { id: catalogEntryId } = await prisma.catalogEntry.create({
    data: {
      slug: entry.id,
      source: "CUSTOM",
      name: entry.name,
      authKind: "api_key",
      location: "local",
      tags: [],
      entry,
    },
  });
  const created: string[] = [];
  return {
    catalogEntryId,
    userId,
    created,
    async createConnector() {
      const id = randomUUID();
      created.push(id);
      await prisma.connector.create({
        data: {
          id,
          catalogEntryId,
          scope: "PERSONAL",
          ownerUserId: userId,
          name: "everything",
          status: "QUEUED",
          secretConfigCiphertext: secretBox.seal(JSON.stringify({ api_key: apiKey }), {
            table: "Installation",
            column: "secretConfigCiphertext",
            rowId: id,
          }),
        },
      });
      return id;
    },
  };
}
