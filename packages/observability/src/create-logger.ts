import pino, { type DestinationStream, type Level, type Logger } from "pino";

/**
 * Paths whose values are secrets whoever logs them: tokens and passwords as fields of the logged
 * object or one level down (`{ credential: { accessToken } }`), and credentials in request headers.
 */
export const REDACTED_PATHS = [
  "password",
  "*.password",
  "token",
  "*.token",
  "accessToken",
  "*.accessToken",
  "refreshToken",
  "*.refreshToken",
  "idToken",
  "*.idToken",
  "clientSecret",
  "*.clientSecret",
  "codeVerifier",
  "*.codeVerifier",
  "authorization",
  "headers.authorization",
  "*.headers.authorization",
  "headers.cookie",
  "*.headers.cookie",
];

export interface LoggerOptions {
  /** The process: web, runner or gateway. */
  name: string;
  level?: Level | "silent";
  /** Where lines go; standard output unless a test captures them. */
  destination?: DestinationStream;
  /** Fields on every line (a test runner's instance id, say). */
  base?: Record<string, unknown>;
}

/** The one way a Switchboard process makes its logger: JSON lines with secrets redacted by path. */
export function createLogger({ name, level = "info", destination, base }: LoggerOptions): Logger {
  const options = {
    name,
    level,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    ...(base && { base: { ...base, name } }),
  };
  return destination ? pino(options, destination) : pino(options);
}
