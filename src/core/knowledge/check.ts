// kb:check: the knowledge base's own consistency gate. Every phrasing must come back to its own entry,
// confidently and clearly ahead of the runner-up; no phrasing may belong to two entries.
import { createMatcher, DEFAULT_MATCH_OPTIONS, type MatchOptions } from '../match/matcher.js';
import { normalise } from '../match/normalise.js';
import type { Knowledge } from './types.js';

export interface CheckProblem {
  entry: string;
  phrasing: string;
  problem: string;
}

export interface CheckReport {
  phrasings: number;
  problems: CheckProblem[];
}

export function checkKnowledge(knowledge: Knowledge, options: Partial<MatchOptions> = {}): CheckReport {
  const opts = { ...DEFAULT_MATCH_OPTIONS, ...options };
  const matcher = createMatcher(knowledge, opts);
  const problems: CheckProblem[] = [];
  const seen = new Map<string, string>();
  let phrasings = 0;

  for (const entry of knowledge.entries) {
    for (const phrasing of [entry.question, ...entry.phrasings]) {
      phrasings++;
      const key = normalise(phrasing);
      const owner = seen.get(key);
      if (owner && owner !== entry.id) {
        problems.push({ entry: entry.id, phrasing, problem: `duplicate: also a phrasing of "${owner}"` });
      }
      seen.set(key, entry.id);

      const ranked = matcher.rank(phrasing);
      const [top, second] = ranked;
      if (!top || top.entry.id !== entry.id) {
        const own = ranked.find((r) => r.entry.id === entry.id);
        problems.push({
          entry: entry.id,
          phrasing,
          problem: `matches "${top?.entry.id ?? 'nothing'}" (${top?.score.toFixed(2) ?? '0'}) before its own entry (${own?.score.toFixed(2) ?? '0'})`,
        });
      } else if (top.score < opts.threshold) {
        problems.push({
          entry: entry.id,
          phrasing,
          problem: `scores ${top.score.toFixed(2)}, below the threshold ${opts.threshold}`,
        });
      } else if (second && top.score - second.score < opts.margin) {
        problems.push({
          entry: entry.id,
          phrasing,
          problem: `only ${(top.score - second.score).toFixed(2)} ahead of "${second.entry.id}" (margin ${opts.margin})`,
        });
      }
    }
  }
  return { phrasings, problems };
}
