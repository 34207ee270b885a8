// `npm run kb:translate -- <lang>`: starts or refreshes a translation. For every English entry without a
// file in knowledge/i18n/<lang>/entries/, it writes one holding the English texts to translate and the
// `from:` hash of them (kb:check reports the file as stale once the English text changes); for every file
// whose `from:` no longer matches, it prints which entry changed. It never overwrites a file.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { defaultKnowledgeDir, entrySchema, LANGUAGES, sourceHash } from '../src/core/index.js';

const lang = process.argv[2];
if (!lang || !LANGUAGES.some((l) => l.code === lang)) {
  process.stderr.write(`usage: npm run kb:translate -- <${LANGUAGES.map((l) => l.code).join('|')}>\n`);
  process.exit(2);
}
const dir = process.env.KNOWLEDGE_DIR ?? defaultKnowledgeDir();
const out = join(dir, 'i18n', lang, 'entries');
mkdirSync(out, { recursive: true });
let written = 0;
for (const file of readdirSync(join(dir, 'entries'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()) {
  const parsed = entrySchema.safeParse(parse(readFileSync(join(dir, 'entries', file), 'utf8')));
  // An invalid English entry is kb:check's to report; there is nothing sound to translate from yet.
  if (!parsed.success) continue;
  const e = parsed.data;
  const ta = e.timeAware;
  const steps = e.steps;
  const texts = { title: e.title, question: e.question, answer: e.answer, timeAware: ta, steps };
  const from = sourceHash(texts);
  const target = join(out, file);
  if (existsSync(target)) {
    const was = z.object({ from: z.string() }).safeParse(parse(readFileSync(target, 'utf8'))).data?.from;
    if (was !== from)
      process.stdout.write(`stale: ${file} (made from ${String(was)}, English is now ${from})\n`);
    continue;
  }
  const doc = {
    id: e.id,
    from,
    title: texts.title,
    question: texts.question,
    answer: texts.answer,
    ...(ta ? { timeAware: { before: ta.before, after: ta.after } } : {}),
    ...(steps.length > 0 ? { steps } : {}),
    phrasings: ['TODO'],
  };
  writeFileSync(target, stringify(doc, { lineWidth: 0 }));
  written++;
}
process.stdout.write(`${written} new file(s) in ${out}\n`);
