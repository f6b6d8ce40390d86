import { describe, expect, it } from "vitest";
import { localEntry, remoteEntry } from "../../test/entries.ts";
import { LaunchSpecError } from "../errors/catalog-error.ts";
import { deriveLaunchSpec } from "./derive-launch-spec.ts";

/** The first line of the LaunchSpecError's message: what kind of problem stopped the launch. */
function summaryOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof LaunchSpecError) return error.message.split("\n")[0];
    throw error;
  }
  return undefined;
}

const oauthEntry = remoteEntry({ auth: { kind: "remote_mcp_dcr" } });

describe("deriveLaunchSpec refusals", () => {
  it("names the kind of problem first in each refusal", () => {
    const withSetting = localEntry({
      userConfig: {
        key: { type: "string", title: "Key", description: "", required: true, secret: false, multiple: false },
      },
    });
    expect(summaryOf(() => deriveLaunchSpec(withSetting, {}))).toBe("Invalid settings");
    expect(summaryOf(() => deriveLaunchSpec(oauthEntry, {}))).toBe("Not authorized");
    expect(summaryOf(() => deriveLaunchSpec(oauthEntry, {}, { accessToken: "a\nb" }))).toBe("Invalid credentials");
    const noImage = localEntry({ server: { type: "local", runtime: "binary", command: "/bin/tool", args: [] } });
    expect(summaryOf(() => deriveLaunchSpec(noImage, {}))).toBe("Cannot build a launch spec");
  });

  it("refuses an expiry that is not a date", () => {
    const error = (() => {
      try {
        deriveLaunchSpec(oauthEntry, {}, { accessToken: "at-1", expiresAt: new Date("not a date") });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(LaunchSpecError);
    expect(error).toMatchObject({
      message: expect.stringMatching(/^Invalid credentials\n/),
      issues: [{ path: "credentials.expiresAt", message: "expected a valid date" }],
    });
  });
});
