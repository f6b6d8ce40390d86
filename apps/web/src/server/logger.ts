import "server-only";
import { createLogger } from "@switchboard/observability";

/** Structured logs. Anything that could carry a secret is redacted by path, whatever logs it. */
export const logger = createLogger({ name: "web" });
