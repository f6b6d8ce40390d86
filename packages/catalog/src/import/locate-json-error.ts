export interface JsonSyntaxProblem {
  line: number;
  column: number;
  message: string;
}

type Expectation = "value" | "value-or-close" | "key" | "key-or-close" | "colon" | "comma-or-close" | "end";

const LITERALS = ["true", "false", "null"];
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Finds where and why `text` is not JSON. V8's messages name a position only for some errors, so
 * this small scanner (iterative: deep nesting cannot overflow the stack) re-reads the text after
 * `JSON.parse` has failed.
 */
export function locateJsonError(text: string): JsonSyntaxProblem | undefined {
  const stack: Array<"object" | "array"> = [];
  let expect: Expectation = "value";
  let index = 0;
  const fail = (at: number, expected: string) => {
    const found = at >= text.length ? "end of input" : JSON.stringify(text[at]);
    return { ...lineAndColumn(text, at), message: `expected ${expected}, got ${found}` };
  };
  const afterValue = () => (stack.length === 0 ? "end" : "comma-or-close");

  for (;;) {
    while (WHITESPACE.has(text.charCodeAt(index))) index += 1;
    if (index >= text.length) return expect === "end" ? undefined : fail(index, describe(expect, stack.at(-1)));
    const char = text[index];
    if (expect === "end") return fail(index, "end of input");
    if (expect === "colon") {
      if (char !== ":") return fail(index, "':' after a property name");
      expect = "value";
      index += 1;
    } else if (expect === "comma-or-close") {
      const close = stack.at(-1) === "object" ? "}" : "]";
      if (char === ",") expect = stack.at(-1) === "object" ? "key" : "value";
      else if (char === close) {
        stack.pop();
        expect = afterValue();
      } else {
        return fail(index, `',' or '${close}'`);
      }
      index += 1;
    } else if (expect === "key" || expect === "key-or-close") {
      if (char === "}" && expect === "key-or-close") {
        stack.pop();
        expect = afterValue();
        index += 1;
      } else if (char === '"') {
        const end = scanString(text, index);
        if (typeof end !== "number") return { ...lineAndColumn(text, end.at), message: end.message };
        index = end;
        expect = "colon";
      } else {
        return fail(index, "a double-quoted property name");
      }
    } else if (char === "]" && expect === "value-or-close") {
      stack.pop();
      expect = afterValue();
      index += 1;
    } else if (char === "{" || char === "[") {
      stack.push(char === "{" ? "object" : "array");
      expect = char === "{" ? "key-or-close" : "value-or-close";
      index += 1;
    } else if (char === '"') {
      const end = scanString(text, index);
      if (typeof end !== "number") return { ...lineAndColumn(text, end.at), message: end.message };
      index = end;
      expect = afterValue();
    } else {
      const literal = LITERALS.find((word) => text.startsWith(word, index));
      NUMBER.lastIndex = index;
      const number = literal === undefined && NUMBER.exec(text);
      if (literal === undefined && !number) return fail(index, "a value");
      index += literal?.length ?? (number ? number[0].length : 0);
      expect = afterValue();
    }
  }
}

function describe(expect: Expectation, container: "object" | "array" | undefined): string {
  switch (expect) {
    case "key":
    case "key-or-close":
      return "a double-quoted property name";
    case "colon":
      return "':' after a property name";
    case "comma-or-close":
      return `',' or '${container === "object" ? "}" : "]"}'`;
    default:
      return "a value";
  }
}

/** Returns the index after the closing quote, or the problem. */
function scanString(text: string, start: number): number | { at: number; message: string } {
  let index = start + 1;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === 0x22) return index + 1;
    if (code < 0x20) return { at: index, message: "expected '\"' or an escape; control characters must be escaped" };
    if (code === 0x5c) {
      const next = text[index + 1];
      if (next === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) {
          return { at: index, message: "expected four hex digits after \\u" };
        }
        index += 6;
        continue;
      }
      if (next === undefined || !'"\\/bfnrt'.includes(next)) return { at: index, message: "expected a valid escape" };
      index += 2;
      continue;
    }
    index += 1;
  }
  return { at: text.length, message: "expected '\"' to close the string, got end of input" };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf("\n"); index !== -1 && index < offset; index = text.indexOf("\n", index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
