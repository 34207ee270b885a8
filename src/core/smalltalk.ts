// Greetings, thanks and "help" are recognised by whole-message phrase lists, not the fuzzy matcher: a
// "hi" must never be answered with a policy entry. A greeting in front of a real question is stripped.
import { normalise as englishNormalise, MAX_INPUT_CHARS } from './match/normalise.js';
import { escapeRegExp } from './match/tokens.js';

/** Any UTF-16 code unit above ASCII. */
const NON_ASCII = /[\u0080-\uffff]/;
/** What the expressions allow around a phrase's words. A half of an astral character never is: at worst
 * such a character joins a run, which then holds non-ASCII and is tried. */
const SEPARATOR = /[\s\p{P}]/u;
const SEPARATORS = /[\s\p{P}]+/u;

export type SmalltalkKind = 'greeting' | 'thanks' | 'help';

export interface SmalltalkLists {
  greeting: { phrases: readonly string[] };
  thanks: { phrases: readonly string[] };
  help: { phrases: readonly string[] };
}

export function createSmalltalk(
  lists: SmalltalkLists,
  normalise: (text: string) => string = englishNormalise,
) {
  const sets = {
    greeting: new Set(lists.greeting.phrases.map(normalise)),
    thanks: new Set(lists.thanks.phrases.map(normalise)),
    help: new Set(lists.help.phrases.map(normalise)),
  };
  const kinds: SmalltalkKind[] = ['help', 'thanks', 'greeting'];
  const leading = [...sets.greeting, ...sets.thanks].filter(Boolean).sort((a, b) => b.length - a.length);
  // Two expressions for all phrases (longest first, so "good morning" beats "good"): one at the start, after
  // any mentions, one at the end; punctuation around a phrase is allowed. Unicode classes are costly to
  // compile, and a cold `ask` pays for every expression it builds.
  const alternatives = leading.map((p) => p.split(' ').map(escapeRegExp).join('[\\s\\p{P}]+')).join('|');
  const start = new RegExp(`^((?:<[@#!][^>\\s]*>\\s*)*)(?:${alternatives})\\b[\\s\\p{P}]*(?=\\S)`, 'iu');
  const end = new RegExp(`(?<=\\S)[\\s\\p{P}]+(?:${alternatives})[\\s\\p{P}]*$`, 'iu');
  // The expressions are costly to run on a long message (the end one is tried at every space), so each is
  // tried only when the text could match it: a phrase's first word begins the message's first run of
  // letters (after any mentions), or its last word is the message's whole last run. Runs with letters
  // outside ASCII always try: case-insensitive Unicode matching is more than toLowerCase.
  // Runs are split the way the text's are, so a phrase word with a hyphen in it still filters right; a
  // phrase that starts or ends with punctuation (no normaliser here leaves any) turns that filter off.
  const runs = leading.map((p) => p.split(SEPARATORS).filter(Boolean));
  const firsts = new Set(runs.map((r) => r[0] ?? ''));
  const lasts = new Set(runs.map((r) => r.at(-1) ?? ''));
  const longestFirst = Math.max(0, ...[...firsts].map((w) => w.length));
  const plainStarts = leading.every((p) => !SEPARATOR.test(p[0] ?? ' '));
  const plainEnds = leading.every((p) => !SEPARATOR.test(p.at(-1) ?? ' '));
  const mayStart = (text: string) => {
    if (!plainStarts) return true;
    let i = /^(?:<[@#!][^>\s]*>\s*)*/.exec(text)?.[0].length ?? 0;
    const from = i;
    while (i < text.length && !SEPARATOR.test(text[i] ?? ' ')) i++;
    const run = text.slice(from, i);
    if (NON_ASCII.test(run)) return true;
    const lower = run.toLowerCase();
    for (let n = 1; n <= Math.min(lower.length, longestFirst); n++)
      if (firsts.has(lower.slice(0, n))) return true;
    return false;
  };
  const mayEnd = (text: string) => {
    if (!plainEnds) return true;
    let to = text.length;
    while (to > 0 && SEPARATOR.test(text[to - 1] ?? '')) to--;
    let i = to;
    while (i > 0 && !SEPARATOR.test(text[i - 1] ?? ' ')) i--;
    const run = text.slice(i, to);
    return NON_ASCII.test(run) || lasts.has(run.toLowerCase());
  };

  return {
    /** The kind when the whole message is small talk (trailing "bot"/"there" etc. tolerated). */
    classify(text: string): SmalltalkKind | undefined {
      const n = normalise(text)
        .replace(/\b(bot|optout bot|optoutbot|there|again|so much|a lot|all|everyone|folks|team)$/g, '')
        .trim();
      if (n === '' && /\?\s*$/.test(text.trim())) return 'help';
      return kinds.find((k) => sets[k].has(n));
    },
    /**
     * The question with a leading greeting or trailing thanks removed ("hi, are DMs used? thanks"). The rest
     * keeps its punctuation: the matcher splits clauses on it.
     */
    strip(text: string): string {
      const raw = text.slice(0, MAX_INPUT_CHARS).trim();
      const front = mayStart(raw) ? raw.replace(start, '$1') : raw;
      return mayEnd(front) ? front.replace(end, '') : front;
    },
  };
}
