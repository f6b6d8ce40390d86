import { readdirSync, readFileSync } from "node:fs";

const FIXTURES = new URL("./fixtures/", import.meta.url);

export function readFixture(relativePath: string): string {
  return readFileSync(new URL(relativePath, FIXTURES), "utf8");
}

export function readFixtureJson(relativePath: string): unknown {
  return JSON.parse(readFixture(relativePath));
}

/** `archestra/slack.json`, ... for every valid fixture (the `invalid/` folder is excluded). */
export function listFixtures(): string[] {
  return ["archestra", "registry", "mcp-servers"].flatMap((folder) =>
    readdirSync(new URL(`${folder}/`, FIXTURES))
      .filter((name) => name.endsWith(".json"))
      .sort()
      .map((name) => `${folder}/${name}`),
  );
}
