// The last few results of a pure string function. Answering one message normalises and expands the same
// text several times (language detection, small talk, the whole message, each clause, the evidence rule);
// remembering the last few saves that work without holding on to more than a handful of texts.

export function memoLast(size: number, fn: (s: string) => string): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    const hit = seen.get(s);
    if (hit !== undefined) return hit;
    const out = fn(s);
    if (seen.size >= size) seen.delete(seen.keys().next().value ?? '');
    seen.set(s, out);
    return out;
  };
}
