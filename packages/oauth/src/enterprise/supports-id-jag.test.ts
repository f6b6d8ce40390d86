import { describe, expect, it } from "vitest";
import { ID_JAG_GRANT_PROFILE, JWT_BEARER_GRANT_TYPE, supportsIdJag } from "./supports-id-jag.ts";

describe("supportsIdJag", () => {
  it("trusts the ID-JAG grant profile when the server lists profiles", () => {
    expect(supportsIdJag({ authorization_grant_profiles_supported: [ID_JAG_GRANT_PROFILE] })).toBe(true);
    expect(
      supportsIdJag({
        authorization_grant_profiles_supported: ["urn:example:other-profile"],
        grant_types_supported: [JWT_BEARER_GRANT_TYPE],
      }),
    ).toBe(false);
  });

  it("takes the JWT bearer grant as support from servers that list no profiles", () => {
    expect(supportsIdJag({ grant_types_supported: ["authorization_code", JWT_BEARER_GRANT_TYPE] })).toBe(true);
    expect(supportsIdJag({ grant_types_supported: ["authorization_code", "refresh_token"] })).toBe(false);
    expect(supportsIdJag({})).toBe(false);
  });
});
