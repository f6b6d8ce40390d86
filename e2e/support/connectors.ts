import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { catalogEntrySchema, type CatalogEntryInput } from "@switchboard/catalog";
import { toCatalogRow } from "@switchboard/web/testing";
import { e2ePrisma } from "./database.ts";

const run = promisify(execFile);

/** The server-everything image global-setup.ts built. */
export function everythingImage(): string {
  const image = process.env.E2E_EVERYTHING_IMAGE;
  if (!image) throw new Error("E2E_EVERYTHING_IMAGE is not set: e2e/support/global-setup.ts did not run");
  return image;
}

/** The token-probe image global-setup.ts built (e2e/support/token-probe). */
export function tokenProbeImage(): string {
  const image = process.env.E2E_TOKEN_PROBE_IMAGE;
  if (!image) throw new Error("E2E_TOKEN_PROBE_IMAGE is not set: e2e/support/global-setup.ts did not run");
  return image;
}

/**
 * Adds a no-auth catalog entry whose image is server-everything on stdio (the image's CMD), with a
 * unique slug and name so a spec finds exactly its own entry.
 */
export async function seedEverythingEntry(): Promise<{ slug: string; name: string }> {
  const suffix = randomUUID().slice(0, 8);
  const input: CatalogEntryInput = {
    schemaVersion: 1,
    id: `everything-e2e-${suffix}`,
    source: "custom",
    name: `Everything ${suffix}`,
    description: "The MCP reference server with every feature, for end-to-end tests.",
    tags: ["e2e"],
    server: { type: "local", runtime: "image", image: everythingImage(), env: { GREETING: "${user_config.greeting}" } },
    userConfig: { greeting: { type: "string", title: "Greeting", required: false, default: "hello" } },
    auth: { kind: "none" },
  };
  const entry = catalogEntrySchema.parse(input);
  await e2ePrisma.catalogEntry.create({ data: toCatalogRow(entry) });
  return { slug: entry.id, name: entry.name };
}

/** Ids of the Docker containers (running or not) the runner created for a connector. */
export async function connectorContainers(connectorId: string): Promise<string[]> {
  const { stdout } = await run("docker", [
    "ps",
    "--all",
    "--quiet",
    "--filter",
    `label=switchboard.installation=${connectorId}`,
  ]);
  return stdout.split("\n").filter(Boolean);
}

/** Removes what a failed spec may have left behind. */
export async function removeConnectorContainers(connectorId: string): Promise<void> {
  const ids = await connectorContainers(connectorId);
  if (ids.length > 0) await run("docker", ["rm", "--force", "--volumes", ...ids]);
}
