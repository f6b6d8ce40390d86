/**
 * Record lookup that ignores the prototype: keys come from untrusted catalog data, and
 * `record["constructor"]` would otherwise find `Object.prototype.constructor`.
 */
export function getOwn<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
