// The evidence rule (knowledge/scope.yaml): whether a question is about this policy at all. Ranking decides
// WHICH entry; this decides WHETHER an answer entry may answer. Generic words shared with other subjects
// ("too late", "settings", "data", "AI") never carry an answer alone.
import type { ScopeFile } from '../knowledge/schema.js';
import { ENGLISH_RULES, type LanguageRules } from './language.js';

export type Evidence = 'policy' | 'ai-and-data' | 'short-known' | 'none';

/** The evidence verdict and what decided it, for kb:why. */
export interface EvidenceDetail {
  verdict: Evidence;
  /** The scope.yaml phrase found, as listed there (normalised): a policy phrase, an AI word, a data word. */
  policy?: string;
  ai?: string;
  data?: string;
  /** Content words of the question (the short-question rule counts them)... */
  words: number;
  /** ...and those of them no answer entry uses. */
  strangers: string[];
  /** The asking clause that was short and known when the message as a whole was not (matcher.ts). */
  clause?: string;
}

export interface ScopeCheck {
  /** Why the question is about the policy, or 'none'; `tokens` are its content words as the matcher sees them. */
  evidence(question: string, tokens: readonly string[]): Evidence;
  /** The same verdict with what decided it. */
  detail(question: string, tokens: readonly string[]): EvidenceDetail;
}

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
  rules: LanguageRules = ENGLISH_RULES,
): ScopeCheck {
  const stemPhrase = (phrase: string) => phrase.split(' ').filter(Boolean).map(rules.stem).join(' ');
  const toRuns = (list: readonly string[]) => list.map((p) => stemPhrase(p).split(' '));
  const policy = toRuns(scope.policy);
  const ai = toRuns(scope.ai);
  const data = toRuns(scope.data);
  /** The listed phrase whose run the question has, as written, or undefined. */
  const found = (words: string[], runs: string[][], listed: readonly string[]) => {
    const i = runs.findIndex((r) => containsRun(words, r));
    return i < 0 ? undefined : listed[i];
  };

  function detail(question: string, tokens: readonly string[]): EvidenceDetail {
    const words = rules.normalise(question).split(' ').filter(Boolean).map(rules.stem);
    // A typo'd "linkdin" or "generativ" still counts: repair each word the lists do not know.
    const repaired = words.map((w) => opts.fix(w) ?? w);
    const either = (runs: string[][], listed: readonly string[]) =>
      found(words, runs, listed) ?? found(repaired, runs, listed);
    const strangers = tokens.filter((t) => !opts.knownToAnswers(t));
    const base = { words: tokens.length, strangers };
    const policyPhrase = either(policy, scope.policy);
    if (policyPhrase !== undefined) return { verdict: 'policy', policy: policyPhrase, ...base };
    const aiWord = either(ai, scope.ai);
    const dataWord = either(data, scope.data);
    // The half of the AI-and-data rule a question has is worth showing even when the other half is missing.
    const seen = {
      ...(aiWord !== undefined ? { ai: aiWord } : {}),
      ...(dataWord !== undefined ? { data: dataWord } : {}),
    };
    if (aiWord !== undefined && dataWord !== undefined) return { verdict: 'ai-and-data', ...seen, ...base };
    if (tokens.length > 0 && tokens.length <= opts.shortWords && strangers.length <= opts.shortStrangers)
      return { verdict: 'short-known', ...seen, ...base };
    return { verdict: 'none', ...seen, ...base };
  }

  return { detail, evidence: (question, tokens) => detail(question, tokens).verdict };
}
