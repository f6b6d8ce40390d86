import type { LaunchOptions } from "@switchboard/catalog";
import type { PrismaClient } from "@switchboard/db";
import type { SecretBox } from "@switchboard/db/crypto";
import type { Logger } from "pino";
import type { BridgeRegistry } from "../bridges/bridge-registry.ts";
import type { ContainerRuntime } from "../runtime/runtime.ts";

/** What every lifecycle operation works with; one per runner process. */
export interface RunnerContext {
  prisma: PrismaClient;
  runtime: ContainerRuntime;
  secretBox: SecretBox;
  bridges: BridgeRegistry;
  logger: Logger;
  runnerId: string;
  launchOptions: LaunchOptions;
  /** Remote servers live on the internet; operators (and tests) without egress turn their check off. */
  checkRemote: boolean;
  /** Installations whose container this process started or adopted (logs collected, bridge attached). */
  attached: Set<string>;
}
