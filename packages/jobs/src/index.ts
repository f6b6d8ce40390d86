export {
  isJobName,
  jobs,
  parseJobPayload,
  queueNames,
  type JobName,
  type JobPayload,
  type QueueName,
} from "./definitions.ts";
export { defaultJobOptions } from "./options.ts";
export { JobProducer } from "./producer.ts";
