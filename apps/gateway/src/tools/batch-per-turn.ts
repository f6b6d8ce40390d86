/**
 * Collects the keys asked for in one event-loop turn and resolves them with one lookup: under load
 * a check costs one database round trip per batch instead of one per request. The lookup starts
 * after every request of the batch arrived, so a revocation committed before a request is seen by it.
 */
export function batchPerTurn<V>(
  lookup: (keys: string[]) => Promise<Map<string, V>>,
): (key: string) => Promise<V | null> {
  let batch: Map<string, PromiseWithResolvers<V | null>> | undefined;

  async function run(waiters: Map<string, PromiseWithResolvers<V | null>>): Promise<void> {
    try {
      const found = await lookup([...waiters.keys()]);
      for (const [key, waiter] of waiters) waiter.resolve(found.get(key) ?? null);
    } catch (error) {
      for (const waiter of waiters.values()) waiter.reject(error);
    }
  }

  return (key) => {
    if (!batch) {
      const waiters = new Map<string, PromiseWithResolvers<V | null>>();
      batch = waiters;
      setImmediate(() => {
        batch = undefined;
        void run(waiters);
      });
    }
    let waiter = batch.get(key);
    if (!waiter) {
      waiter = Promise.withResolvers();
      batch.set(key, waiter);
    }
    return waiter.promise;
  };
}
