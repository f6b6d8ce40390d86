import { z } from "zod";

const connectorPayload = z.object({ connectorId: z.uuid() });

/**
 * Every job web and runner exchange: its queue, its name (`domain.action`) and its payload
 * schema. Payloads are parsed when enqueued and again when processed. Connector jobs go to the
 * queue of the runner that owns the connector (see `queueName`), reconcile jobs always do;
 * credential refreshes need no particular runner.
 */
export const jobs = {
  "installation.start": { queue: "installations", payload: connectorPayload },
  "installation.stop": { queue: "installations", payload: connectorPayload },
  "installation.restart": { queue: "installations", payload: connectorPayload },
  "installation.remove": { queue: "installations", payload: connectorPayload },
  "credential.refresh": { queue: "credentials", payload: z.object({ credentialId: z.uuid() }) },
  "runner.reconcile": { queue: "maintenance", payload: z.object({}) },
} as const;

export type JobName = keyof typeof jobs;
export type JobPayload<N extends JobName> = z.infer<(typeof jobs)[N]["payload"]>;
export type QueueName = (typeof jobs)[JobName]["queue"];
export type ConnectorJobName = Extract<JobName, `installation.${string}`>;

export const queueNames = ["installations", "credentials", "maintenance"] as const satisfies readonly QueueName[];

/**
 * The BullMQ queue of `queue` for one runner (`connectors.runner-1`), or the shared one that
 * every runner consumes. BullMQ queue names may not contain ":"; runner ids cannot.
 */
export function queueName(queue: QueueName, runnerId?: string | null): string {
  if (runnerId?.includes(":")) throw new Error(`Runner id ${JSON.stringify(runnerId)} may not contain ":"`);
  return runnerId ? `${queue}.${runnerId}` : queue;
}

export function parseJobPayload<N extends JobName>(name: N, payload: unknown): JobPayload<N> {
  return jobs[name].payload.parse(payload) as JobPayload<N>;
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobs, name);
}
