// Things built once and kept by key, at most `max` of a kind, the least recently used dropped
// first: statements by shape (catalog and records services), compiled search filters, departments'
// prepared keyed-hash keys (masking/strategies.ts), the feeds a statement's text writes to
// (db/client.ts). A stream of distinct shapes or filters cannot grow memory without bound, and a
// repeated one is only looked up.

/** The value of `key` in `kept`, built by `build` the first time; it becomes the most recently used. */
export function keptOrBuilt<V>(kept: Map<string, V>, key: string, max: number, build: () => V): V {
  let value = kept.get(key);
  if (value !== undefined) {
    kept.delete(key); // to the end: the most recently used
  } else {
    value = build();
    if (kept.size >= max) kept.delete(kept.keys().next().value!);
  }
  kept.set(key, value);
  return value;
}
