export {
  isJobName,
  jobs,
  parseJobPayload,
  queueName,
  queueNames,
  type ConnectorJobName,
  type JobName,
  type JobPayload,
  type QueueName,
} from "./definitions.ts";
export { defaultJobOptions } from "./options.ts";
export { JobProducer, type JobProducerOptions } from "./producer.ts";
export { announceRunner, isRunnerAlive, runnerUrl, runnerUrlOr } from "./runner-heartbeat.ts";
