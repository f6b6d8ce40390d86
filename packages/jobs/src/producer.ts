import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { jobs, parseJobPayload, type JobName, type JobPayload, type QueueName } from "./definitions.ts";
import { defaultJobOptions } from "./options.ts";

/** Enqueues jobs on behalf of web (and of the runner itself). One Queue per queue name, created lazily. */
export class JobProducer {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly connection: Redis) {}

  /**
   * `jobId` makes the enqueue idempotent: BullMQ ignores a second job with the id of one that is
   * still waiting, delayed or active.
   */
  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: JobsOptions & { jobId: string }) {
    const data = parseJobPayload(name, payload);
    return this.queue(jobs[name].queue).add(name, data, { ...defaultJobOptions, ...options });
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, defaultJobOptions });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
