// The last results of a pure function of a string, the oldest dropped first once `size` are kept (a Map
// keeps insertion order). Answering one message normalises and expands the same text several times
// (detection, small talk, the whole message, each clause, the evidence rule), and the typo fixer meets the
// same unknown words again and again; remembering a bounded number saves that work.

export function memoLast<T>(size: number, fn: (s: string) => T): (s: string) => T {
  // Boxed, so that an undefined result ("no repair") is remembered like any other.
  const seen = new Map<string, { value: T }>();
  return (s) => {
    const hit = seen.get(s);
    if (hit) return hit.value;
    const value = fn(s);
    if (seen.size >= size) seen.delete(seen.keys().next().value ?? '');
    seen.set(s, { value });
    return value;
  };
}
