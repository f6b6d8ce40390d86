import { describe, expect, it } from "vitest";
import { redactSecrets } from "./redact-secrets.ts";

const key = 's3cr3t/Key+with=symbols&"quotes"';
const token = "ghu_16C7e42F292c6912E7710c838347Ae178B4a";

describe("redactSecrets", () => {
  it("cuts every value, the longest first", () => {
    expect(redactSecrets(`key=${key} token=${token}`, [key, token])).toBe("key=[redacted] token=[redacted]");
  });

  it("finding: a secret the server prints percent-encoded, JSON-escaped or in base64 (HTTP Basic) is cut too", () => {
    const lines = [
      `GET https://api.example.com/v1?key=${encodeURIComponent(key)}`,
      `config ${JSON.stringify({ apiKey: key })}`,
      // Basic authentication: base64 of user:token, the token at any of the three byte offsets.
      ...["me:", "mee:", "meee:"].map(
        (user) => `Authorization: Basic ${Buffer.from(`${user}${token}`).toString("base64")}`,
      ),
      `token=${Buffer.from(token).toString("base64url")}`,
    ];
    for (const line of lines) {
      const redacted = redactSecrets(line, [key, token]);
      expect(redacted, line).toContain("[redacted]");
      expect(redacted).not.toContain(encodeURIComponent(key));
      expect(redacted).not.toContain(JSON.stringify(key).slice(1, -1));
    }
    // Of a base64 token only the edges stay, where its bytes share a group with the user name's.
    for (const line of lines.slice(2)) {
      const encoded = redactSecrets(line, [key, token]).replace(/^.*(Basic |token=)/, "");
      expect(encoded).toMatch(/^[A-Za-z0-9+/_=-]{0,12}\[redacted\][A-Za-z0-9+/_=-]{0,4}$/);
    }
  });

  it("leaves text alone whose base64 only looks alike in a few characters", () => {
    expect(redactSecrets("status ok, 200 items", ["ok", "abcdefgh"])).toBe("status ok, 200 items");
  });
});
