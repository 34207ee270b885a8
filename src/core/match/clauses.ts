// Finding the questions inside a message. "Are my CV and my InMail messages used?" asks two things; a long,
// rambling message usually asks one thing in one of its sentences, around a lot of context. Splitting is on
// sentence ends and on joining words between clauses; the matcher then ranks each clause on its own.
import { MAX_INPUT_CHARS } from './normalise.js';

export interface Clause {
  text: string;
  /** Ends with "?", opens with a question word or says "whether": what a long message asks. */
  asks: boolean;
}

/**
 * Words that join two questions: "and", "also", "plus", "as well as"; "or" is left alone ("A or B?"). A
 * comma before "then" joins two requests ("explain it in two lines, then give me the steps"); a bare "then"
 * does not ("if I opt out then what happens?").
 */
const JOINERS =
  /\s*(?:[;,]\s*)?\b(?:and also|and what about|and|also|plus|as well as|what about)\b\s*|\s*[;,]\s*then\b\s*/i;
const OPENERS =
  /^(?:(?:so|and|but|then|ok|okay|well|also|honestly|basically|like)[\s,]+)*(?:is|are|am|was|were|do|does|did|can|could|will|would|should|has|have|had|what|which|who|whom|whose|when|where|why|how|whether|any|tell me)\b/i;

/** A language's joining words and question openers, as the splitter uses them. */
export interface ClauseRules {
  joiners: RegExp;
  openers: RegExp;
}

const alternation = (words: readonly string[]) =>
  [...words]
    .filter(Boolean)
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
    .join('|');

export const clauseRules = {
  english: { joiners: JOINERS, openers: OPENERS } satisfies ClauseRules,
  /** Another language's rules from its word lists (already normalised: lowercase, no accents). */
  of(joiners: readonly string[], openers: readonly string[]): ClauseRules {
    // Never an empty alternation: a language without joiners splits on sentence ends only.
    const j = alternation(joiners) || '(?!)';
    const o = alternation(openers) || '(?!)';
    return {
      joiners: new RegExp(`\\s*(?:[;,]\\s*)?(?<![\\p{L}\\p{N}])(?:${j})(?![\\p{L}\\p{N}])\\s*`, 'iu'),
      openers: new RegExp(`^(?:${o})(?![\\p{L}\\p{N}])`, 'iu'),
    };
  },
};

/** The message's clauses in order; at most `limit`, so a pasted essay costs no more than a paragraph. */
export function clauses(message: string, limit = 12, rules: ClauseRules = clauseRules.english): Clause[] {
  const text = message.slice(0, MAX_INPUT_CHARS);
  // A spaced "+" joins two questions in chat shorthand ("is my cv used + my DMs?") in every language.
  const sentences = text.split(/(?<=[?!.])\s+|\s+[—–-]{1,2}\s+|\s*[—–]\s*|\n+|\s\+\s/);
  const out: Clause[] = [];
  // A short lead-in that asks nothing ("UK based:", "I'm in France —") says what the next question is
  // about ("are we in scope?"): it is carried into that question's first clause instead of standing alone.
  let carry = '';
  for (const sentence of sentences.flatMap((s) => s.split(/,\s+(?=(?:so|but)\b)|\s*:\s+/i))) {
    // Inside a sentence the question often follows context: "..., so the thing I need to know is whether".
    const parts = sentence.split(rules.joiners);
    for (const [i, part] of parts.entries()) {
      const clean = part.trim();
      if (!/\p{L}/u.test(clean)) continue;
      // Openers are matched on the clause without accents, as the word lists are written.
      const bare = clean.normalize('NFKD').replace(/\p{M}+/gu, '');
      const asks =
        /\?\s*$/.test(clean) || /^¿/.test(clean) || rules.openers.test(bare) || /\bwhether\b/i.test(clean);
      if (parts.length === 1 && !asks && leadIn(clean)) {
        carry = `${carry}${clean} `;
        continue;
      }
      out.push({ text: i === 0 ? carry + clean : clean, asks });
      carry = '';
      if (out.length >= limit) return out;
    }
  }
  if (carry) out.push({ text: carry.trim(), asks: false });
  return out;
}

/** At most three words and no sentence end of its own: a lead-in rather than a statement. */
const leadIn = (text: string) => !/[.!]$/.test(text) && text.split(/\s+/).length <= 3;
