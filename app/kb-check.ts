import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { inspectKnowledge, inspectTranslation, LANGUAGES } from '../src/core/index.js';

// `npm run kb:check`: loads (which validates), checks that every phrasing matches its own entry, and runs the
// line-level checks; then the same for every language in knowledge/i18n/ (with `--lang de`, only that one).
// Prints every problem (exit 1) and every warning (printed, exit 0 if nothing else).

const section = (name: string, lines: string[]) => {
  if (lines.length > 0)
    process.stdout.write(
      `${name} (${lines.length}):\n${lines.map((l) => `  ${l.split('\n').join('\n  ')}\n`).join('')}`,
    );
};

try {
  const at = process.argv.indexOf('--lang');
  const only = at >= 0 ? process.argv[at + 1] : undefined;
  if (at >= 0 && !LANGUAGES.some((l) => l.code === only && l.code !== 'en')) {
    throw new Error(
      `--lang takes one of ${LANGUAGES.filter((l) => l.code !== 'en')
        .map((l) => l.code)
        .join(', ')}`,
    );
  }
  const report = inspectKnowledge(process.env.KNOWLEDGE_DIR || undefined);
  let failed = report.problems.length > 0;
  if (!only) {
    section('problems', report.problems);
    section('warnings', report.warnings);
  }
  const kb = report.knowledge;
  const summary = kb
    ? `${kb.entries.length} entries (${kb.entries.filter((e) => e.kind === 'answer').length} answers), ${report.phrasings} phrasings`
    : 'the knowledge base does not load, so matching was not checked';
  process.stdout.write(
    `kb:check: ${summary}, ${report.problems.length} problems, ${report.warnings.length} warnings\n`,
  );
  if (kb) {
    const codes = LANGUAGES.filter(
      (l) => l.code !== 'en' && (only ? l.code === only : existsSync(join(kb.dir, 'i18n', l.code))),
    );
    for (const { code } of codes) {
      const t = inspectTranslation(kb, code);
      section(`${code}: problems`, t.problems);
      section(`${code}: warnings`, t.warnings);
      const what = t.knowledge
        ? `${t.knowledge.entries.length} entries, ${t.phrasings} phrasings`
        : 'does not load, so matching was not checked';
      process.stdout.write(
        `kb:check ${code} (${t.name}): ${what}, ${t.problems.length} problems, ${t.warnings.length} warnings\n`,
      );
      if (t.problems.length > 0) failed = true;
    }
  }
  process.exitCode = failed ? 1 : 0;
} catch (err) {
  process.stderr.write(`kb:check: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
