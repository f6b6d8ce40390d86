import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CatalogEntryInput } from "../schema/catalog-entry.ts";
import { catalogEntrySchema } from "../schema/catalog-entry.ts";
import { deriveLaunchSpec } from "./derive-launch-spec.ts";
import { redactArgv } from "./redact-argv.ts";

describe("redactArgv", () => {
  it("replaces the secret positions whole", () => {
    expect(redactArgv(["-y", "@supabase/mcp", "--access-token=sbp_live", "sk-123", "--read-only"], [2, 3])).toEqual([
      "-y",
      "@supabase/mcp",
      "[redacted]",
      "[redacted]",
      "--read-only",
    ]);
  });

  it("never shows a secret setting a derived launch puts in argv", () => {
    const entry = catalogEntrySchema.parse({
      schemaVersion: 1,
      id: "flags",
      source: "custom",
      name: "Flags",
      server: { type: "local", runtime: "node", command: "npx", args: ["-y", "x", "--api-key=${user_config.key}", "${user_config.key}", "--dir=${user_config.dir}"] }, // prettier-ignore
      userConfig: {
        key: { type: "string", title: "Key", secret: true, required: true },
        dir: { type: "string", title: "Dir", required: true },
      },
      auth: { kind: "api_key", fields: ["key"] },
    } satisfies CatalogEntryInput);
    // Flag-shaped secrets too: a redaction that kept a `--x=` prefix would show part of them.
    const secrets = fc.oneof(
      fc.string().map((rest) => `sk_${rest}`),
      fc.string().map((rest) => `--k=sk_${rest}`),
    );
    fc.assert(
      fc.property(
        secrets.filter((value) => !/\p{Cc}/u.test(value)),
        (key) => {
          const spec = deriveLaunchSpec(entry, { key, dir: "/data" });
          if (spec.kind !== "container") throw new Error("expected a container");
          const shown = redactArgv(spec.args, spec.secretArgIndexes);
          expect(shown.slice(0, 2)).toEqual(["-y", "x"]);
          expect(shown.slice(2)).toEqual(["[redacted]", "[redacted]", "--dir=/data"]);
          expect(shown.join(" ")).not.toContain(key);
        },
      ),
    );
  });
});
