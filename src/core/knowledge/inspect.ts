// Everything `npm run kb:check` reports, in one pure-ish call (it reads the folder, and the clock is
// injected): the loader's problems, the matching gate (check.ts) and the line-level checks (lint.ts).
// Problems fail kb:check; warnings are printed and do not.
import { type Clock, systemClock } from '../clock.js';
import type { MatchOptions } from '../match/options.js';
import { type CheckProblem, checkKnowledge } from './check.js';
import { lintLayout } from './lint.js';
import { readKnowledge } from './load.js';
import type { Knowledge } from './types.js';

export interface KnowledgeInspection {
  /** Undefined when the knowledge base does not load; the matching gate is then not run. */
  knowledge: Knowledge | undefined;
  phrasings: number;
  /** One string each; a collision's explanation follows on indented lines. */
  problems: string[];
  warnings: string[];
}

function format(p: CheckProblem): string {
  const head = `${p.file} (entry "${p.entry}")${p.line ? ` line ${p.line}` : ''}: "${p.phrasing}" ${p.problem}`;
  return [head, ...p.detail.map((d) => `    ${d}`)].join('\n');
}

export function inspectKnowledge(
  dir?: string,
  { clock = systemClock, match = {} }: { clock?: Clock; match?: Partial<MatchOptions> } = {},
): KnowledgeInspection {
  const read = readKnowledge(dir);
  const lint = lintLayout(read.layout, clock.now());
  if (!read.knowledge) {
    return {
      knowledge: undefined,
      phrasings: 0,
      problems: [...read.problems, ...lint.problems],
      warnings: lint.warnings,
    };
  }
  const check = checkKnowledge(read.knowledge, match, read.layout);
  return {
    knowledge: read.knowledge,
    phrasings: check.phrasings,
    problems: [...lint.problems, ...check.problems.map(format)],
    warnings: [...check.warnings.map(format), ...lint.warnings],
  };
}
