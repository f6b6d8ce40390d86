/**
 * Callers asking for the same key while a call is running get its promise instead of starting
 * another. Scoped to `owner` (one database client per process), so separate clients in one test
 * process behave like separate processes.
 */
export function shareInFlight<Owner extends object, Result>(
  registry: WeakMap<Owner, Map<string, Promise<Result>>>,
  owner: Owner,
  key: string,
  run: () => Promise<Result>,
): Promise<Result> {
  let calls = registry.get(owner);
  if (!calls) {
    calls = new Map();
    registry.set(owner, calls);
  }
  const running = calls.get(key);
  if (running) return running;
  const started = run().finally(() => calls.delete(key));
  calls.set(key, started);
  return started;
}
