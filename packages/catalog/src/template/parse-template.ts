export type TemplatePart = { kind: "text"; text: string } | { kind: "placeholder"; name: string };

export type TemplateParse = { ok: true; parts: TemplatePart[] } | { ok: false; message: string };

/** Splits `Bearer ${access_token}` into text and placeholders, once: values are never re-scanned. */
export function parseTemplate(template: string): TemplateParse {
  const parts: TemplatePart[] = [];
  let index = 0;
  while (index < template.length) {
    const start = template.indexOf("${", index);
    if (start === -1) {
      parts.push({ kind: "text", text: template.slice(index) });
      break;
    }
    if (start > index) parts.push({ kind: "text", text: template.slice(index, start) });
    const end = template.indexOf("}", start + 2);
    if (end === -1) {
      return { ok: false, message: `unterminated placeholder ${JSON.stringify(template.slice(start, start + 40))}` };
    }
    parts.push({ kind: "placeholder", name: template.slice(start + 2, end) });
    index = end + 1;
  }
  return { ok: true, parts };
}
