export interface AuthChallenge {
  /** Lower-cased auth scheme, e.g. "bearer". */
  scheme: string;
  /** Parameters with lower-cased names. */
  params: Record<string, string>;
}

export interface BearerChallenge {
  resourceMetadata?: string;
  scope?: string;
  error?: string;
  errorDescription?: string;
}

const SCHEME = /^[!#$%&'*+.^_`|~\w-]+/;
const TOKEN68 = /^\s+[\w.~+/-]+=*\s*(?=,|$)/;
const PARAM_NAME = /^[\s,]*([!#$%&'*+.^_`|~\w-]+)\s*=\s*/;

/**
 * Parses a `WWW-Authenticate` header (RFC 9110 §11.6.1) into its challenges. Lenient: unquoted
 * values may contain any character but whitespace and commas, and reading stops at the first
 * malformed parameter, keeping what was read so far.
 */
export function parseAuthChallenges(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let rest = header;
  for (;;) {
    rest = rest.replace(/^[\s,]+/, "");
    const scheme = SCHEME.exec(rest)?.[0];
    if (scheme === undefined) return challenges;
    rest = rest.slice(scheme.length);
    const challenge: AuthChallenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);

    const token68 = TOKEN68.exec(rest);
    if (token68) {
      rest = rest.slice(token68[0].length);
      continue;
    }
    // Parameters run until a token that is not followed by "=": the next challenge's scheme.
    for (let param = PARAM_NAME.exec(rest); param?.[1] !== undefined; param = PARAM_NAME.exec(rest)) {
      const value = readParamValue(rest.slice(param[0].length));
      if (value === undefined) return challenges;
      challenge.params[param[1].toLowerCase()] = value.value;
      rest = rest.slice(param[0].length + value.length);
    }
  }
}

function readParamValue(input: string): { value: string; length: number } | undefined {
  if (!input.startsWith('"')) {
    const token = /^[^\s,"]+/.exec(input)?.[0];
    return token === undefined ? undefined : { value: token, length: token.length };
  }
  let value = "";
  for (let index = 1; index < input.length; index++) {
    const char = input[index];
    if (char === "\\") {
      value += input[index + 1] ?? "";
      index++;
    } else if (char === '"') {
      return { value, length: index + 1 };
    } else {
      value += char;
    }
  }
  return undefined;
}

/** The Bearer challenge's MCP-relevant parameters, or undefined when there is none. */
export function parseBearerChallenge(header: string | null | undefined): BearerChallenge | undefined {
  if (!header) return undefined;
  const bearer = parseAuthChallenges(header).find((challenge) => challenge.scheme === "bearer");
  if (!bearer) return undefined;
  const { resource_metadata, scope, error, error_description } = bearer.params;
  return {
    ...(resource_metadata !== undefined && { resourceMetadata: resource_metadata }),
    ...(scope !== undefined && { scope }),
    ...(error !== undefined && { error }),
    ...(error_description !== undefined && { errorDescription: error_description }),
  };
}
