import { describe, expect, it } from "vitest";
import type { UserConfigField } from "../schema/user-config-field.ts";
import { renderTemplate, type RenderContext } from "./render-template.ts";

const fields: Record<string, UserConfigField> = {
  team: { type: "string", title: "Team", description: "", required: false, secret: false, multiple: false },
  key: { type: "string", title: "Key", description: "", required: false, secret: true, multiple: false },
};
const context: RenderContext = {
  scope: { fields, oauth: true },
  values: { team: "blue", key: "k-1" },
  accessToken: "at-123",
  expiresAt: "2030-01-02T03:04:05.000Z",
  bundleDir: "/app",
};

describe("renderTemplate secrecy", () => {
  it("a value holding ${access_token} is marked secret (it drives redaction)", () => {
    expect(renderTemplate("Bearer ${access_token}", "header", context)).toStrictEqual({
      ok: true,
      values: ["Bearer at-123"],
      secret: true,
    });
    expect(renderTemplate("${access_token}", "env", context)).toStrictEqual({
      ok: true,
      values: ["at-123"],
      secret: true,
    });
  });

  it("a value holding a secret setting is secret; plain text, plain settings and the expiry are not", () => {
    expect(renderTemplate("key=${user_config.key}", "env", context)).toStrictEqual({
      ok: true,
      values: ["key=k-1"],
      secret: true,
    });
    for (const template of ["fixed", "${user_config.team}", "${expires_at}"]) {
      expect(renderTemplate(template, "env", context), template).toMatchObject({ ok: true, secret: false });
    }
    expect(renderTemplate("${user_config.team}-${user_config.key}", "env", context)).toMatchObject({ secret: true });
    expect(renderTemplate("${user_config.key}-${user_config.team}", "env", context)).toMatchObject({ secret: true });
  });

  it("refuses ${access_token} when there is no token, instead of rendering it empty", () => {
    expect(renderTemplate("Bearer ${access_token}", "header", { ...context, accessToken: "" })).toStrictEqual({
      ok: false,
      messages: ["no access token: authorize the installation first"],
    });
  });

  it("omits an env value built only from unset optional settings, keeps it when one is set", () => {
    const sparse = { ...context, values: {} };
    expect(renderTemplate("${user_config.team}", "env", sparse)).toStrictEqual({ ok: true, values: [], secret: false });
    expect(renderTemplate("x${user_config.team}", "env", sparse)).toStrictEqual({
      ok: true,
      values: [],
      secret: false,
    });
    expect(renderTemplate("${user_config.team}", "file", sparse)).toStrictEqual({
      ok: true,
      values: [""],
      secret: false,
    });
    expect(renderTemplate("${expires_at}", "env", { ...context, expiresAt: undefined })).toStrictEqual({
      ok: true,
      values: [""],
      secret: false,
    });
  });
});
