// `npm run kb:why -- "question"`: why the bot answers a question the way it does. Prints the words the
// matcher sees, the evidence verdict, the clauses, the best entries with their scores and the decision with
// every rule that led to it (core explain()); --json prints the explanation object itself.
import { createExplainer, type Explanation, KnowledgeError, loadKnowledgeFast } from '../src/core/index.js';

const USAGE = `Usage: npm run kb:why -- [--json] "question"
  --json   print the explanation as one JSON object
  KNOWLEDGE_DIR=path   explain against another knowledge folder`;

const f3 = (n: number) => n.toFixed(3);

function wordsSection(x: Explanation): string[] {
  const w = x.words;
  const shown = w.words.map((t) => {
    const note = t.repaired ? ` ← typo "${t.stem}"` : t.known ? '' : ' unknown';
    return `${t.seen} ${f3(t.weight)}${note}`;
  });
  return [
    'words the matcher sees',
    `  normalised: ${w.normalised || '(nothing)'}`,
    ...(w.synonyms.length > 0
      ? [`  synonyms:   ${w.synonyms.map((s) => `${s.alias} → ${s.canonical}`).join(', ')}`]
      : []),
    ...(w.stopwords.length > 0 ? [`  stopwords:  ${w.stopwords.join(' ')}`] : []),
    `  words:      ${shown.length > 0 ? shown.join(', ') : '(none)'}`,
    ...(w.pairs.length > 0
      ? [`  pairs:      ${w.pairs.map((p) => `"${p.pair}" ${f3(p.weight)}`).join(', ')}`]
      : []),
  ];
}

function topSection(x: Explanation): string[] {
  if (x.top.length === 0) return ['top entries: none shares a word with the question'];
  const width = Math.max(...x.top.map((e) => e.id.length));
  const w = x.options.phrasingWeight;
  return [
    `top entries (score = ${w} × phrasing + ${Number((1 - w).toFixed(3))} × whole entry)`,
    ...x.top.map(
      (e, i) =>
        `  ${i + 1}. ${e.id.padEnd(width)} ${f3(e.score)}${e.kind === 'decline' ? ' decline' : ''}` +
        `  phrasing ${f3(e.phrasing)} "${e.closest}", whole ${f3(e.whole)}`,
    ),
  ];
}

function clausesSection(x: Explanation): string[] {
  const c = x.clauses;
  if (!c.split) return [];
  return [
    `clauses${c.long ? ' (long message: only those that ask count)' : ''}`,
    ...c.parts.map((p) => {
      const what = p.skipped
        ? 'skipped'
        : `${p.outcome?.decision ?? '?'}${(p.outcome?.entries ?? []).map((id) => ` ${id}`).join(',')}`;
      return `  "${p.text}"${p.asks ? ' (asks)' : ''} → ${what}`;
    }),
  ];
}

export function render(x: Explanation): string {
  const decision =
    x.decision === 'smalltalk'
      ? `small talk (${x.smalltalk ?? ''})`
      : `${x.decision}${x.entries.map((id) => ` "${id}"`).join(',')}` +
        (x.related.length > 0 ? ` (related: ${x.related.join(', ')})` : '');
  const o = x.options;
  return [
    `question: ${x.question}`,
    ...(x.matched !== x.question.trim() ? [`matched:  ${x.matched}`] : []),
    ...wordsSection(x),
    `evidence: ${x.evidence.verdict}`,
    ...topSection(x),
    ...clausesSection(x),
    'why',
    ...x.reasons.map((r) => `  - ${r}`),
    `settings: threshold ${o.threshold}, margin ${o.margin}, suggestFloor ${o.suggestFloor}, closeBonus ${o.closeBonus}, vetoLead ${o.vetoLead}, bayesWeight ${o.bayesWeight}, confirmP ${o.confirmP}, clauseConfirmP ${o.clauseConfirmP}, rescueP ${o.rescueP}, rescueFloor ${o.rescueFloor}, longKeepLead ${o.longKeepLead}`,
    `decision: ${decision} (confidence ${f3(x.confidence)})`,
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const flag = argv.find((a) => a.startsWith('--') && a !== '--json');
  const question = argv
    .filter((a) => a !== '--json')
    .join(' ')
    .trim();
  if (flag || !question) {
    process.stderr.write(`kb:why: ${flag ? `unknown flag ${flag}` : 'no question given'}\n${USAGE}\n`);
    return 2;
  }
  const knowledge = await loadKnowledgeFast(process.env.KNOWLEDGE_DIR || undefined);
  const explanation = createExplainer(knowledge).explain(question);
  process.stdout.write(json ? `${JSON.stringify(explanation)}\n` : `${render(explanation)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof KnowledgeError ? err.message : `kb:why: ${String(err)}`}\n`);
    process.exitCode = 1;
  },
);
