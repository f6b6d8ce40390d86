import "server-only";
import pino from "pino";

/** Structured logs. Anything that could carry a secret is redacted by path, whatever logs it. */
export const logger = pino({
  name: "web",
  redact: {
    paths: [
      "password",
      "*.password",
      "token",
      "*.token",
      "accessToken",
      "refreshToken",
      "*.accessToken",
      "*.refreshToken",
      "clientSecret",
      "*.clientSecret",
      "headers.authorization",
      "headers.cookie",
    ],
    censor: "[redacted]",
  },
});
