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
      messages: ["no access token: authorize the connector first"],
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

describe("renderTemplate conditions (${user_config.a && user_config.b ? 'text' : ''})", () => {
  const flags: Record<string, UserConfigField> = {
    ...fields,
    on: { type: "boolean", title: "On", description: "", required: false, secret: false, multiple: false },
    count: { type: "number", title: "Count", description: "", required: false, secret: false, multiple: false },
  };
  const render = (template: string, values: RenderContext["values"], site: "arg" | "env" | "url" = "env") =>
    renderTemplate(template, site, { ...context, scope: { fields: flags, oauth: true }, values });

  it("uses the text only when every condition is set and not false, 0 or empty", () => {
    const template = "${user_config.on && user_config.count ? '--fast' : ''}";
    expect(render(template, { on: true, count: 2 })).toStrictEqual({ ok: true, values: ["--fast"], secret: false });
    const unset: RenderContext["values"][] = [{ on: true, count: 0 }, { on: false, count: 2 }, { on: true }, {}];
    for (const values of unset) {
      expect(render(template, values), JSON.stringify(values)).toStrictEqual({ ok: true, values: [], secret: false });
    }
  });

  it("a setting as the result carries its secrecy; conditions are refused in URLs and other expressions everywhere", () => {
    expect(render('${user_config.on ? user_config.key : ""}', { on: true, key: "k-1" })).toStrictEqual({ ok: true, values: ["k-1"], secret: true }); // prettier-ignore
    expect(render("https://x.test/${user_config.on ? 'a' : ''}", { on: true }, "url")).toMatchObject({ ok: false });
    expect(render("${user_config.on || user_config.team ? 'a' : ''}", { on: true })).toMatchObject({ ok: false, messages: [expect.stringContaining("unsupported expression")] }); // prettier-ignore
    expect(render("${user_config.nope ? 'a' : ''}", {})).toMatchObject({ ok: false, messages: [expect.stringContaining('userConfig has no key "nope"')] }); // prettier-ignore
  });
});

describe("renderTemplate values", () => {
  it("refuses a value with a NUL character anywhere", () => {
    const nul = { ...context, values: { team: "a\0b" } };
    expect(renderTemplate("${user_config.team}", "env", nul)).toStrictEqual({
      ok: false,
      messages: ["contains a NUL character"],
    });
  });
});

describe("renderTemplate hosts filled by a setting", () => {
  const hostField: Record<string, UserConfigField> = {
    host: { type: "string", title: "Host", description: "", required: true, secret: false, multiple: false },
  };
  const urlWith = (host: string, allowedHosts: readonly string[]) =>
    renderTemplate("https://${user_config.host}/mcp", "url", {
      ...context,
      scope: { fields: hostField, oauth: false },
      values: { host },
      allowedHosts,
    });

  it("matches a wildcard pattern on subdomains only, whatever the pattern's case", () => {
    expect(urlWith("eu.example.com", ["*.Example.COM"])).toMatchObject({ ok: true });
    expect(urlWith("a.b.example.com", ["*.example.com"])).toMatchObject({ ok: true });
    for (const host of ["example.com", ".example.com", "evil-example.com", "example.com.evil.test"]) {
      expect(urlWith(host, ["*.example.com"]), host).toMatchObject({ ok: false });
    }
  });

  it("matches an exact pattern on that host only", () => {
    expect(urlWith("api.example.com", ["API.example.com"])).toMatchObject({ ok: true });
    for (const host of ["xapi.example.com", "eu.api.example.com"]) {
      expect(urlWith(host, ["api.example.com"]), host).toMatchObject({ ok: false });
    }
  });

  it("refuses a user name or a password smuggled in with the host", () => {
    for (const host of ["user@api.example.com", ":secret@api.example.com"]) {
      expect(urlWith(host, ["api.example.com"]), host).toStrictEqual({
        ok: false,
        messages: ["must not carry a user name or password once filled in"],
      });
    }
  });
});
