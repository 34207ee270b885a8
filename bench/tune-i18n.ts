// `npm run tune:i18n`: the evaluation in every language on its TUNING part, with every miss listed, and
// the held-out part's rates only (never its questions), so a curator improving a language sees what to fix
// without seeing what the gate scores.
import { evaluateLanguage, formatLanguageReport, loadI18nSet } from '../eval/i18n.js';
import { createBot, createLanguages, loadKnowledge, ManualClock } from '../src/core/index.js';

// `| head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const knowledge = loadKnowledge(process.env.KNOWLEDGE_DIR || undefined);
const languages = createLanguages(knowledge, {
  onProblems: (code, problems) =>
    process.stderr.write(`${code} does not load:\n  ${problems.join('\n  ')}\n`),
});
const bot = createBot({ knowledge, languages, clock: new ManualClock('2026-12-01T12:00:00Z') });
const items = loadI18nSet();
const only = process.argv[2];
const codes = [...new Set(items.map((i) => i.language))].filter((c) => !only || c === only);
for (const code of codes) {
  const tuning = evaluateLanguage(
    bot,
    items.filter((i) => i.part === 'tuning'),
    code,
  );
  process.stdout.write(`tuning part:   ${formatLanguageReport(tuning, true)}\n`);
}
for (const code of codes) {
  const held = evaluateLanguage(
    bot,
    items.filter((i) => i.part === 'held-out'),
    code,
  );
  process.stdout.write(`held-out part: ${formatLanguageReport(held)}\n`);
}
