import { checkKnowledge, KnowledgeError, loadKnowledge } from '../src/core/index.js';

// `npm run kb:check`: load (which validates), then check matching consistency; exit 1 listing collisions.

try {
  const knowledge = loadKnowledge(process.env.KNOWLEDGE_DIR || undefined);
  const report = checkKnowledge(knowledge);
  for (const p of report.problems) process.stdout.write(`${p.entry}: "${p.phrasing}" ${p.problem}\n`);
  const answers = knowledge.entries.filter((e) => e.kind === 'answer').length;
  process.stdout.write(
    `kb:check: ${knowledge.entries.length} entries (${answers} answers), ${report.phrasings} phrasings, ${report.problems.length} problems\n`,
  );
  process.exitCode = report.problems.length === 0 ? 0 : 1;
} catch (err) {
  process.stderr.write(`${err instanceof KnowledgeError ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
