// kb:check's matching gate. Every phrasing must come back to its own entry, confidently and clearly ahead
// of the runner-up; no phrasing may belong to two entries. A collision says which words the phrasing shares
// with the other entry and how much each weighs, so the curator knows what to reword. A phrasing repeated
// within its own entry is only a warning: it changes nothing the bot answers, it just adds nothing.
import { createMatcher, type Matcher, type MatchOptions, optionsFor } from '../match/matcher.js';
import { f3 } from '../match/reasons.js';
import type { KnowledgeLayout } from './layout.js';
import type { Entry, Knowledge } from './types.js';

export interface CheckProblem {
  entry: string;
  file: string;
  /** The phrasing's line in its file, when the layout is known. */
  line: number | undefined;
  phrasing: string;
  problem: string;
  /** For a collision: the words shared with the other entry, their weights, its closest text. */
  detail: string[];
}

export interface CheckReport {
  phrasings: number;
  problems: CheckProblem[];
  /** Not failures: duplicate phrasings within one entry. */
  warnings: CheckProblem[];
}

/** The words `phrasing` shares with `other`, heaviest first, and the text of `other` it is closest to. */
function overlapNote(matcher: Matcher, phrasing: string, other: Entry, label: string): string[] {
  const o = matcher.overlap(phrasing, other);
  const words = o.shared.map((s) => `${s.pair ? `"${s.term}"` : s.term} ${f3(s.weight)}`).join(', ');
  const lines = [`${label}: ${words || 'none'}`];
  if (o.parts?.closest)
    lines.push(
      `closest text of "${other.id}": "${o.parts.closest}" (phrasing ${f3(o.parts.phrasing)}, whole entry ${f3(o.parts.whole)})`,
    );
  return lines;
}

export function checkKnowledge(
  knowledge: Knowledge,
  options: Partial<MatchOptions> = {},
  layout?: KnowledgeLayout,
): CheckReport {
  // The settings the bot answers this language with (its language's changes included).
  const opts = optionsFor(knowledge, options);
  const matcher = createMatcher(knowledge, opts);
  const problems: CheckProblem[] = [];
  const warnings: CheckProblem[] = [];
  const seen = new Map<string, string>();
  const places = new Map(layout?.entries.map((e) => [e.id, e]));
  let phrasings = 0;

  for (const entry of knowledge.entries) {
    const place = places.get(entry.id);
    const lines = [place?.question.line, ...(place?.phrasings.map((p) => p.line) ?? [])];
    /** Normalised text -> where it first appeared in this entry. */
    const own = new Map<string, { text: string; line: number | undefined; question: boolean }>();
    [entry.question, ...entry.phrasings].forEach((phrasing, i) => {
      phrasings++;
      const line = lines[i];
      const report = (problem: string, detail: string[] = []) => ({
        entry: entry.id,
        file: entry.file,
        line,
        phrasing,
        problem,
        detail,
      });
      const key = matcher.normalise(phrasing);
      const owner = seen.get(key);
      if (owner && owner !== entry.id) problems.push(report(`duplicate: also a phrasing of "${owner}"`));
      seen.set(key, entry.id);
      const first = own.get(key);
      if (first) {
        const what = first.question ? "the entry's question" : `"${first.text}"`;
        const where = first.line ? ` (line ${first.line})` : '';
        warnings.push(report(`repeats ${what}${where} after normalising: the matcher sees the same words`));
      } else own.set(key, { text: phrasing, line, question: i === 0 });

      const ranked = matcher.rank(phrasing);
      const [top, second] = ranked;
      if (!top || top.entry.id !== entry.id) {
        const mine = ranked.find((r) => r.entry.id === entry.id);
        problems.push(
          report(
            `matches "${top?.entry.id ?? 'nothing'}" (${top?.score.toFixed(2) ?? '0'}) before its own entry (${mine?.score.toFixed(2) ?? '0'})`,
            top ? overlapNote(matcher, phrasing, top.entry, `shared with "${top.entry.id}"`) : [],
          ),
        );
      } else if (top.score < opts.threshold) {
        problems.push(
          report(
            `scores ${top.score.toFixed(2)}, below the threshold ${opts.threshold}`,
            overlapNote(matcher, phrasing, entry, 'its words and weights'),
          ),
        );
      } else if (second && top.score - second.score < opts.margin) {
        problems.push(
          report(
            `only ${(top.score - second.score).toFixed(2)} ahead of "${second.entry.id}" (margin ${opts.margin})`,
            overlapNote(matcher, phrasing, second.entry, `shared with "${second.entry.id}"`),
          ),
        );
      }
    });
  }
  return { phrasings, problems, warnings };
}
