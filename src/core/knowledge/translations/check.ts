// kb:check for one language: what the loader reports (schema, unknown placeholders, literal dates and URLs),
// then what only a comparison with the English files can tell: the same placeholders in every field, a
// translation made from an English text that has changed since (stale), ui.yaml's keys and slots, every
// link labelled, and the matching gate (every phrasing comes back to its own entry) in the language.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { slotsOf } from '../../i18n/say.js';
import type { MatchOptions } from '../../match/options.js';
import { type CheckProblem, checkKnowledge } from '../check.js';
import type { EntryLayout, KnowledgeLayout } from '../layout.js';
import { entrySchema } from '../schema.js';
import type { Knowledge } from '../types.js';
import { yaml } from '../yaml-lib.js';
import { sourceHash } from './hash.js';
import { readTranslation } from './load.js';

export interface TranslationInspection {
  code: string;
  name: string;
  knowledge: Knowledge | undefined;
  phrasings: number;
  problems: string[];
  warnings: string[];
}

/** The placeholders of a text by name, a {{tense.X|a|b}} counted by its date only (its words are translated). */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^}|]*?)\s*(?:\|[^}]*)?\}\}/g)].map((m) => m[1] ?? '').sort();
}

function format(p: CheckProblem): string {
  const head = `${p.file} (entry "${p.entry}")${p.line ? ` line ${p.line}` : ''}: "${p.phrasing}" ${p.problem}`;
  return [head, ...p.detail.map((d) => `    ${d}`)].join('\n');
}

export function inspectTranslation(
  english: Knowledge,
  code: string,
  match: Partial<MatchOptions> = {},
): TranslationInspection {
  const read = readTranslation(english, code);
  const problems = [...read.problems];
  const warnings: string[] = [];
  for (const { id, label, file, parsed } of read.files) {
    let raw: ReturnType<typeof entrySchema.parse> | undefined;
    try {
      raw = entrySchema.safeParse(
        yaml().parse(readFileSync(join(english.dir, 'entries', `${id}.yaml`), 'utf8')),
      ).data;
    } catch {
      raw = undefined; // The English file's own problems are reported by the English check.
    }
    if (!raw) continue;
    const at = (field: string) => {
      const line = parsed.lineOf(field.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)));
      return `${label} (entry "${id}")${line ? ` line ${line}` : ''} field "${field}"`;
    };
    const now = sourceHash(raw);
    if (file.from !== now)
      problems.push(
        `${at('from')}: stale: translated from English text ${file.from}, the English text is now ${now} (re-translate what changed, then set from: ${now})`,
      );
    const pairs: Array<[string, string, string]> = [
      ['title', raw.title, file.title],
      ['question', raw.question, file.question],
      ['answer', raw.answer, file.answer],
      ...raw.steps.map((s, i): [string, string, string] => [`steps.${i}`, s, file.steps[i] ?? '']),
    ];
    if (raw.timeAware && file.timeAware)
      pairs.push(
        ['timeAware.before', raw.timeAware.before, file.timeAware.before],
        ['timeAware.after', raw.timeAware.after, file.timeAware.after],
      );
    for (const [field, en, own] of pairs) {
      const want = placeholders(en).join(', ');
      const got = placeholders(own).join(', ');
      if (want !== got)
        problems.push(
          `${at(field)}: placeholders {{${got || 'none'}}} differ from the English {{${want || 'none'}}}`,
        );
    }
  }
  const ui = read.knowledge?.ui;
  if (ui) {
    const file = join('knowledge', 'i18n', code, 'ui.yaml');
    for (const [key, text] of Object.entries(english.ui)) {
      const own = ui[key];
      if (own === undefined)
        problems.push(
          `${file} field "${key}": missing (English: "${typeof text === 'string' ? text : text.other}")`,
        );
      else if (slotsOf(own).join() !== slotsOf(text).join())
        problems.push(
          `${file} field "${key}": slots {${slotsOf(own).join('}, {')}} differ from English's {${slotsOf(text).join('}, {')}}`,
        );
    }
    for (const key of Object.keys(ui))
      if (!(key in english.ui)) problems.push(`${file} field "${key}": not a key of English's ui.yaml`);
  }
  if (!read.knowledge)
    return { code, name: read.name, knowledge: undefined, phrasings: 0, problems, warnings };
  const layout: KnowledgeLayout = {
    sourcesFile: '',
    sources: [],
    entries: read.files.map(
      ({ id, label, file, parsed }): EntryLayout => ({
        id,
        file: label,
        where: `${label} (entry "${id}")`,
        question: { text: file.question, line: parsed.lineOf(['question']), end: undefined },
        phrasings: file.phrasings.map((text, i) => ({
          text,
          line: parsed.lineOf(['phrasings', i]),
          end: undefined,
        })),
        phrasingsLine: parsed.lineOf(['phrasings']),
      }),
    ),
  };
  const check = checkKnowledge(read.knowledge, match, layout);
  return {
    code,
    name: read.name,
    knowledge: read.knowledge,
    phrasings: check.phrasings,
    problems: [...problems, ...check.problems.map(format)],
    warnings: [...warnings, ...check.warnings.map(format)],
  };
}
