import { describe, expect, it } from "vitest";
import { parseTemplate } from "./parse-template.ts";

describe("parseTemplate", () => {
  it("splits text and placeholders, with no empty text parts", () => {
    expect(parseTemplate("Bearer ${access_token}")).toStrictEqual({
      ok: true,
      parts: [
        { kind: "text", text: "Bearer " },
        { kind: "placeholder", name: "access_token" },
      ],
    });
    expect(parseTemplate("${a}${b}/x")).toStrictEqual({
      ok: true,
      parts: [
        { kind: "placeholder", name: "a" },
        { kind: "placeholder", name: "b" },
        { kind: "text", text: "/x" },
      ],
    });
    expect(parseTemplate("")).toStrictEqual({ ok: true, parts: [] });
  });

  it("does not re-scan text after a placeholder", () => {
    expect(parseTemplate("${a}}${")).toStrictEqual({
      ok: false,
      message: 'unterminated placeholder "${"',
    });
  });

  it("quotes at most 40 characters of an unterminated placeholder", () => {
    const template = `--flag=\${user_config.${"x".repeat(60)}`;
    expect(parseTemplate(template)).toStrictEqual({
      ok: false,
      message: `unterminated placeholder ${JSON.stringify(template.slice(7, 47))}`,
    });
  });
});
