import type { Logger } from "pino";

/**
 * Logs each warning message at most once per interval, the next one with how many like it were
 * left out since (`omitted`): for warnings a client can cause once per answer it sends, which must
 * not turn one request into thousands of log lines. Keyed by message: callers pass fixed strings.
 */
export function limitWarnings(
  logger: Logger,
  intervalMs = 60_000,
): (fields: Record<string, unknown>, message: string) => void {
  const windows = new Map<string, { until: number; omitted: number }>();
  return (fields, message) => {
    const now = Date.now();
    const window = windows.get(message);
    if (window && now < window.until) return void window.omitted++;
    windows.set(message, { until: now + intervalMs, omitted: 0 });
    logger.warn(window?.omitted ? { ...fields, omitted: window.omitted } : fields, message);
  };
}
