// A cheap test of whether small talk's start or end expression could match a message at all. Both
// expressions alternate every greeting and thanks phrase under case-insensitive Unicode matching; the end
// one is tried at every space, which made it most of the cost of a long question. A phrase's words sit
// between runs of whitespace and punctuation, so its first word must begin the message's first run of
// letters (after any mentions) and its last word must be the message's whole last run. The test may say
// yes wrongly (the expression then decides), never no wrongly.

/** Any UTF-16 code unit above ASCII. */
const NON_ASCII = /[\u0080-\uffff]/;
/** What the expressions allow between a phrase's words. */
const SEPARATOR = /[\s\p{P}]/u;
const SEPARATORS = /[\s\p{P}]+/u;
/** ASCII separators looked up, not matched: the test reads every character of a long message. */
const ASCII_SEPARATOR = Array.from({ length: 128 }, (_, c) => SEPARATOR.test(String.fromCharCode(c)));

/**
 * Half of an astral character is never a separator; at worst such a character joins a run, which then
 * holds non-ASCII and is treated as the expressions would treat it (see `fold`).
 */
function separator(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return c < 128 ? (ASCII_SEPARATOR[c] ?? false) : SEPARATOR.test(ch);
}

/**
 * A run as case-insensitive Unicode matching compares it to ASCII words: the two characters whose simple
 * case folding is an ASCII letter (long s, Kelvin sign) folded, then lowercased. What is left outside ASCII
 * can only ever equal a phrase word outside ASCII.
 */
function fold(run: string): string {
  const lower = run.toLowerCase();
  return NON_ASCII.test(lower) ? lower.replace(/\u017f/g, 's').replace(/\u212a/g, 'k') : lower;
}

export interface PhraseEdges {
  mayStart(text: string): boolean;
  mayEnd(text: string): boolean;
  /**
   * Where a match of the end expression can start at the earliest, less one character for its lookbehind:
   * it spans the message's last runs, as many as a phrase has words at most, and the separators before
   * them. The expression run on the rest alone finds the same match, without trying every position.
   */
  endWindow(text: string): number;
}

/** `phrases` as the expressions read them: normalised, words separated by single spaces. */
export function phraseEdges(phrases: readonly string[]): PhraseEdges {
  const runs = phrases.map((p) => p.split(SEPARATORS).filter(Boolean));
  const firsts = new Set(runs.map((r) => fold(r[0] ?? '')));
  const lasts = new Set(runs.map((r) => fold(r.at(-1) ?? '')));
  const longestFirst = Math.max(0, ...[...firsts].map((w) => w.length));
  const mostWords = Math.max(0, ...runs.map((r) => r.length));
  // A phrase word outside ASCII (a script NFKD leaves whole) or a phrase starting or ending in punctuation
  // (no normaliser here leaves any) is not worth reasoning about: that side is always tried.
  const foreign = (words: Set<string>) => [...words].some((w) => NON_ASCII.test(w));
  const startsPlain = !foreign(firsts) && phrases.every((p) => !separator(p[0] ?? ' '));
  const endsPlain = !foreign(lasts) && phrases.every((p) => !separator(p.at(-1) ?? ' '));
  return {
    mayStart(text) {
      if (!startsPlain) return true;
      let i = /^(?:<[@#!][^>\s]*>\s*)*/.exec(text)?.[0].length ?? 0;
      const from = i;
      while (i < text.length && !separator(text[i] ?? ' ')) i++;
      // Only the phrase's own length of the run is compared: "hi" matches the start of "hié" (\b).
      const run = fold(text.slice(from, i));
      for (let n = 1; n <= Math.min(run.length, longestFirst); n++)
        if (firsts.has(run.slice(0, n))) return true;
      return false;
    },
    mayEnd(text) {
      if (!endsPlain) return true;
      let to = text.length;
      while (to > 0 && separator(text[to - 1] ?? '')) to--;
      let from = to;
      while (from > 0 && !separator(text[from - 1] ?? ' ')) from--;
      return lasts.has(fold(text.slice(from, to)));
    },
    endWindow(text) {
      if (!endsPlain) return 0;
      let i = text.length;
      for (let run = 0; run < mostWords && i > 0; run++) {
        while (i > 0 && separator(text[i - 1] ?? '')) i--;
        while (i > 0 && !separator(text[i - 1] ?? ' ')) i--;
      }
      while (i > 0 && separator(text[i - 1] ?? '')) i--;
      return Math.max(0, i - 1);
    },
  };
}
