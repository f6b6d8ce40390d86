import { Queue, type Job, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import {
  jobs,
  parseJobPayload,
  queueName,
  type ConnectorJobName,
  type JobName,
  type JobPayload,
} from "./definitions.ts";
import { defaultJobOptions } from "./options.ts";
import { isRunnerAlive } from "./runner-heartbeat.ts";

export interface JobProducerOptions {
  /** Connection errors, which repeat until Redis is back (the queues reconnect by themselves). */
  onError(error: Error, queue: string): void;
}

/** Enqueues jobs on behalf of web (and of the runner itself). One Queue per queue name, created lazily. */
export class JobProducer {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly options: JobProducerOptions,
  ) {}

  /**
   * `jobId` makes the enqueue idempotent: BullMQ ignores a second job with the id of one that is
   * still waiting, delayed or active. `runnerId` picks that runner's queue instead of the shared one.
   */
  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    { runnerId, ...options }: JobsOptions & { jobId: string; runnerId?: string | null },
  ): Promise<Job> {
    const data = parseJobPayload(name, payload);
    return this.queue(queueName(jobs[name].queue, runnerId)).add(name, data, { ...defaultJobOptions, ...options });
  }

  /**
   * To the runner that owns the connector's container while it is alive; otherwise (not started
   * yet, remote, or its runner is gone) to the shared queue, where the runner that takes the job
   * starts or adopts the connector.
   */
  async enqueueForConnector(
    name: ConnectorJobName,
    connector: { id: string; runnerId: string | null },
    jobId: string,
  ): Promise<Job> {
    const owner = connector.runnerId;
    const alive = owner !== null && (await isRunnerAlive(this.connection, owner));
    return this.enqueue(name, { connectorId: connector.id }, { jobId, runnerId: alive ? owner : null });
  }

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, defaultJobOptions });
      queue.on("error", (error) => this.options.onError(error, name));
      this.queues.set(name, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
