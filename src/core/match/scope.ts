// The evidence rule (knowledge/scope.yaml): whether a question is about this policy at all. Ranking decides
// WHICH entry; this decides WHETHER an answer entry may answer. Generic words shared with other subjects
// ("too late", "settings", "data", "AI") never carry an answer alone.
import type { ScopeFile } from '../knowledge/schema.js';
import { normalise } from './normalise.js';
import { stem } from './stem.js';

export type Evidence = 'policy' | 'ai-and-data' | 'short-known' | 'none';

export interface ScopeCheck {
  /** Why the question is about the policy, or 'none'; `tokens` are its content words as the matcher sees them. */
  evidence(question: string, tokens: readonly string[]): Evidence;
}

const stemPhrase = (phrase: string) => phrase.split(' ').filter(Boolean).map(stem).join(' ');

/** Whether `words` (stemmed) contain `phrase` (stemmed words) as a run. */
function containsRun(words: readonly string[], phrase: readonly string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

export function createScopeCheck(
  scope: ScopeFile,
  opts: {
    /** Whether answer entries use a content token. */
    knownToAnswers: (token: string) => boolean;
    /** Typo repair against the knowledge base's words. */
    fix: (word: string) => string | undefined;
    /** At most this many content words for the short-question rule... */
    shortWords: number;
    /** ...of which at most this many unknown to the answer entries ("sept" in "what happened in sept"). */
    shortStrangers: number;
  },
): ScopeCheck {
  const toRuns = (list: readonly string[]) => list.map((p) => stemPhrase(p).split(' '));
  const policy = toRuns(scope.policy);
  const ai = toRuns(scope.ai);
  const data = toRuns(scope.data);
  const has = (words: string[], runs: string[][]) => runs.some((r) => containsRun(words, r));

  return {
    evidence(question, tokens) {
      const words = normalise(question).split(' ').filter(Boolean).map(stem);
      // A typo'd "linkdin" or "generativ" still counts: repair each word the lists do not know.
      const repaired = words.map((w) => opts.fix(w) ?? w);
      if (has(words, policy) || has(repaired, policy)) return 'policy';
      const anyAi = has(words, ai) || has(repaired, ai);
      const anyData = has(words, data) || has(repaired, data);
      if (anyAi && anyData) return 'ai-and-data';
      const strangers = tokens.filter((t) => !opts.knownToAnswers(t)).length;
      if (tokens.length > 0 && tokens.length <= opts.shortWords && strangers <= opts.shortStrangers)
        return 'short-known';
      return 'none';
    },
  };
}
