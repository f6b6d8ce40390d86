import type { LaunchOptions } from "@switchboard/catalog";
import type { RefreshPolicy } from "@switchboard/credential-refresh";
import type { PrismaClient } from "@switchboard/db";
import type { SecretBox } from "@switchboard/db/crypto";
import type { JobProducer } from "@switchboard/jobs";
import type { GuardedFetch } from "@switchboard/oauth";
import type { Logger } from "pino";
import type { BridgeRegistry } from "../bridges/bridge-registry.ts";
import type { RunnerPresence } from "../jobs/runner-presence.ts";
import type { KeyedLock } from "../runtime/keyed-lock.ts";
import type { ContainerRuntime } from "../runtime/runtime.ts";

/** What every lifecycle operation works with; one per runner process. */
export interface RunnerContext {
  prisma: PrismaClient;
  runtime: ContainerRuntime;
  secretBox: SecretBox;
  bridges: BridgeRegistry;
  logger: Logger;
  runnerId: string;
  /** Where this runner's jobs (and those it forwards to other runners) are enqueued. */
  producer: JobProducer;
  /** This runner's heartbeat, and whether the owners of other connectors are alive. */
  presence: RunnerPresence;
  launchOptions: LaunchOptions;
  /** Remote servers live on the internet; operators (and tests) without egress turn their check off. */
  checkRemote: boolean;
  /** Remote URLs come from catalog entries and member settings: checks go through the SSRF guard. */
  remoteFetch: typeof fetch;
  /**
   * One lifecycle operation per connector at a time: jobs, reconcile actions and the recovery
   * of an exited container, so a recovery sees the outcome of a stop or recreate it was woken by.
   */
  connectorLocks: KeyedLock;
  /** Connectors whose container this process started or adopted (logs collected, bridge attached). */
  attached: Set<string>;
  /**
   * The credential version each of those containers was given. A refresh elsewhere (the gateway,
   * another runner) bumps the version; the reconcile tick delivers it. Lost on restart, when
   * adopting a container delivers the current credential anyway.
   */
  deliveredCredentialVersions: Map<string, number>;
  /** MCP bundle downloads: SSRF-guarded, size and time limited. */
  bundleFetch: GuardedFetch;
  /** Token refresh: the SSRF-guarded fetch for token endpoints and the margin. */
  refresh: { fetch: GuardedFetch; policy: RefreshPolicy };
}
