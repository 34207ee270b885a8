// Which language a question is in. Two witnesses: the words themselves, weighed by how few of the bot's
// languages use them (its stopwords and its entries' words: "auch", "czy", "também"), and tinyld, a small
// character n-gram detector (its light model: about 2 MB, read the first time the words alone do not
// decide). A short or mixed question ("opt-out KI?") where neither is sure goes to the platform's hint
// (the user's locale), then English. A question plainly in a language the bot does not speak is `other`.
import { createRequire } from 'node:module';
import { MAX_INPUT_CHARS, normaliseWith } from '../match/normalise.js';

export interface Detection {
  /** A language the bot speaks, or 'other' for one it does not. */
  code: string;
  /** How it was decided, for kb:why and the evaluation. */
  by: 'english-words' | 'words' | 'hint' | 'default' | 'other';
}

/** What the detector knows of one language: the words its knowledge uses, normalised. */
export interface LanguageWords {
  code: string;
  words: ReadonlySet<string>;
}

interface TinyLd {
  detectAll(text: string, opts?: { only?: string[] }): Array<{ lang: string; accuracy: number }>;
}

let tinyld: TinyLd | undefined;
function library(): TinyLd {
  // Synchronous on purpose: Bot.ask is synchronous, and a cold English `ask` never gets here.
  tinyld ??= createRequire(import.meta.url)('tinyld/light') as TinyLd;
  return tinyld;
}

/** Longer runs of letters are not words of any of the bot's languages. */
const MAX_WORD = 40;

/** How much the n-gram detector counts against the words: a word seen in one language only counts 1. */
const LIBRARY_WEIGHT = 1.5;
/** The lead the best language needs over the next before the hint is ignored. */
const MARGIN = 0.75;

export interface Detector {
  detect(text: string, hint?: string): Detection;
}

/**
 * `english` is English's words; `others` is called the first time a question is not plainly English
 * (loading every language's words costs a few hundred milliseconds once).
 */
export function createDetector(
  english: ReadonlySet<string>,
  others: () => readonly LanguageWords[],
): Detector {
  let all: readonly LanguageWords[] | undefined;
  return {
    detect(raw, hint) {
      // Cut like every other input: the n-gram model on a 200 kB paste costs memory for nothing.
      const text = raw.slice(0, MAX_INPUT_CHARS);
      // A "word" longer than any language's words (a pasted hash, 'aaaa…') says nothing about the language.
      const words = normaliseWith(text, { contractions: false })
        .split(' ')
        .filter((w) => w.length > 0 && w.length <= MAX_WORD);
      if (words.length === 0) return hint ? { code: hint, by: 'hint' } : { code: 'en', by: 'default' };
      // Plainly English words. A short question with a non-English hint is weighed in full instead: "opt-out?"
      // or "DMs?" is made of words every language's askers use, and the asker's locale should decide it;
      // without a hint it is English, the default.
      const short = words.length <= 3 && hint !== undefined && hint !== 'en';
      // Letters English spells without ("e no Canadá?", "menores ¿?") are a witness the folded words lose:
      // such a question is weighed in full, where English words still win it when they are most of it.
      const marked = /[\u00C0-\u024F¿¡]/u.test(text);
      if (!short && !marked && words.every((w) => english.has(w) || /^\d+$/.test(w)))
        return { code: 'en', by: 'english-words' };
      all ??= [{ code: 'en', words: english }, ...others()];
      const scores = new Map(all.map((l) => [l.code, 0]));
      for (const w of words) {
        const users = all.filter((l) => l.words.has(w));
        for (const l of users) scores.set(l.code, (scores.get(l.code) ?? 0) + 1 / users.length);
      }
      const codes = all.map((l) => l.code);
      // A long question none of the bot's languages' words explain may be in another language (below).
      const known = words.filter((w) => all?.some((l) => l.words.has(w))).length;
      const foreign = words.length >= 4 && known / words.length < 0.35;
      // The n-gram model adds at most `reach` to any one language (its accuracies are at most 1). When the
      // words alone lead by more than it can close (and by the margin too, if there is a hint), the model
      // cannot change the outcome: skip it. It is most of the cost of a long question.
      const reach = LIBRARY_WEIGHT * Math.min(1, words.length / 4);
      const byWords = [...scores].sort((a, b) => b[1] - a[1]);
      const wordLead = (byWords[0]?.[1] ?? 0) - (byWords[1]?.[1] ?? 0);
      const decided = wordLead > reach + (hint ? MARGIN : 0) + 1e-9;
      if (decided && !foreign && byWords[0]) return { code: byWords[0][0], by: 'words' };
      const lib = library();
      for (const g of lib.detectAll(text, { only: codes }))
        scores.set(g.lang, (scores.get(g.lang) ?? 0) + reach * g.accuracy);
      const ranked = [...scores].sort((a, b) => b[1] - a[1]);
      const [best, second] = ranked;
      if (!best || best[1] <= 0) return hint ? { code: hint, by: 'hint' } : { code: 'en', by: 'default' };
      const lead = best[1] - (second?.[1] ?? 0);
      if (foreign) {
        const top = lib.detectAll(text)[0];
        if (top && !codes.includes(top.lang) && top.accuracy >= 0.5) return { code: 'other', by: 'other' };
      }
      if (lead >= MARGIN || !hint) return { code: best[0], by: 'words' };
      // Unsure: the platform's hint decides among the close ones, else the best guess stands.
      const hinted = scores.get(hint);
      if (hinted !== undefined && best[1] - hinted < MARGIN) return { code: hint, by: 'hint' };
      return { code: best[0], by: 'words' };
    },
  };
}
