import { inspectKnowledge } from '../src/core/index.js';

// `npm run kb:check`: loads (which validates), checks that every phrasing matches its own entry, and runs the
// line-level checks. Prints every problem (exit 1) and every warning (printed, exit 0 if nothing else).

try {
  const report = inspectKnowledge(process.env.KNOWLEDGE_DIR || undefined);
  const section = (name: string, lines: string[]) => {
    if (lines.length > 0)
      process.stdout.write(
        `${name} (${lines.length}):\n${lines.map((l) => `  ${l.split('\n').join('\n  ')}\n`).join('')}`,
      );
  };
  section('problems', report.problems);
  section('warnings', report.warnings);
  const kb = report.knowledge;
  const summary = kb
    ? `${kb.entries.length} entries (${kb.entries.filter((e) => e.kind === 'answer').length} answers), ${report.phrasings} phrasings`
    : 'the knowledge base does not load, so matching was not checked';
  process.stdout.write(
    `kb:check: ${summary}, ${report.problems.length} problems, ${report.warnings.length} warnings\n`,
  );
  process.exitCode = report.problems.length === 0 ? 0 : 1;
} catch (err) {
  process.stderr.write(`kb:check: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
