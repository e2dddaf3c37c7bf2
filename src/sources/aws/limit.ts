/** `items.map(fn)` with at most `limit` calls in flight, results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * `read()` for `key` at most once at a time: askers share the answer (or the read in flight). A
 * read that fails, or whose answer `forget` rejects, is dropped, so the next asker reads again
 * (and records its own gap).
 */
export function once<T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>, forget: (value: T) => boolean = () => false): Promise<T> {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const reading = read();
  cache.set(key, reading);
  reading.then(
    (value) => void (forget(value) && cache.delete(key)),
    () => cache.delete(key),
  );
  return reading;
}
