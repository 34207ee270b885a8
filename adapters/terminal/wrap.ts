// Word wrapping for the terminal chat. Lines break only at spaces, so a URL (or any word longer than the
// line) is never split: it goes on a line of its own and the terminal folds it, and it still copies whole.
// A list line keeps its marker on the first line and indents what follows under its text, so
// "  [2] a long follow-up" stays one numbered line and its continuation reads as part of it.

/** The width when the output is not a terminal (a pipe, a file, a test stream). */
export const DEFAULT_COLUMNS = 80;
/** Narrower than this, indents would leave almost no room for words; such a window wraps as if this wide. */
export const MIN_COLUMNS = 20;

// Leading spaces, then an optional list marker: "[n] " (follow-ups), "- " (bullets) or "n. " (steps).
const MARKER = /^( *)(\[\d+\] |- |\d+\. )?/;

/** The characters a person sees: a surrogate pair (an emoji) is one, not two. */
function width(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/** One logical line as screen lines of at most `columns` characters (a longer word stands alone). */
export function wrapLine(line: string, columns: number): string[] {
  const limit = Math.max(columns, MIN_COLUMNS);
  if (width(line) <= limit) return [line];
  const marker = MARKER.exec(line)?.[0] ?? '';
  const hang = ' '.repeat(width(marker));
  const words = line
    .slice(marker.length)
    .split(' ')
    .filter((w) => w !== '');
  const out: string[] = [];
  let current = marker;
  let empty = true;
  for (const word of words) {
    if (!empty && width(current) + 1 + width(word) > limit) {
      out.push(current);
      current = hang;
      empty = true;
    }
    current = empty ? `${current}${word}` : `${current} ${word}`;
    empty = false;
  }
  out.push(current);
  return out;
}

/** Every line of `text` (split at new lines) wrapped to `columns`; blank lines stay blank. */
export function wrapText(text: string, columns: number): string[] {
  return text.split('\n').flatMap((line) => wrapLine(line, columns));
}
