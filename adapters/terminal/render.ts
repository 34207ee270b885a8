import { type Bot, checkedDates, type Reply, renderDates } from '../../src/core/index.js';

// Plain-text rendering of a Reply, for the terminal chat, `ask` and its JSON lines.

/** Strip the markdown subset to plain text: **bold** and `code` markers go, bullets stay. */
function plain(markdown: string): string {
  return markdown.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1');
}

export interface PlainOptions {
  /** Number follow-ups and suggestions so the chat can take "2" as a choice. */
  numbered?: boolean;
  /** Include the sources line. */
  sources?: boolean;
}

/** A reply's text and numbered steps, with its own dates filled in. */
function body(reply: Reply): string[] {
  const out = [plain(renderDates(reply.text, reply.dates, (d) => d.fallback))];
  if (reply.steps.length > 0) {
    out.push(
      '',
      ...reply.steps.map((s, i) => `${i + 1}. ${plain(renderDates(s, reply.dates, (d) => d.fallback))}`),
    );
  }
  return out;
}

/** One compact line: titles, then the latest check date once when they share it. */
export function sourcesLine(sources: Reply['sources']): string {
  const dates = checkedDates(sources);
  const titles = sources.map((s) => s.title).join('; ');
  return dates.length === 1
    ? `Sources: ${titles} (checked ${dates[0]})`
    : `Sources: ${titles} (checked ${dates[0]} to ${dates.at(-1)})`;
}

export function renderPlain(reply: Reply, opts: PlainOptions = {}): string {
  const { numbered = false, sources = true } = opts;
  const out: string[] = body(reply);
  // A two-part question's other answer follows under its own heading.
  for (const part of reply.also ?? []) out.push('', `${part.title}:`, ...body(part));
  if (reply.links.length > 0) out.push('', ...reply.links.map((l) => `${l.label}: ${l.url}`));
  if (reply.followUps.length > 0) {
    // Entries offer related questions; small talk and fallbacks (no sources) offer places to start.
    const heading = reply.status === 'answered' && reply.sources.length > 0 ? 'Related:' : 'You can ask:';
    out.push('', reply.status === 'suggested' ? 'Did you mean:' : heading);
    out.push(
      ...reply.followUps.map((f, i) => (numbered ? `  [${i + 1}] ${f.question}` : `  - ${f.question}`)),
    );
  }
  if (sources && reply.sources.length > 0) out.push('', sourcesLine(reply.sources));
  return out.join('\n');
}

/** The `ask --json` / `--jsonl` object: the plain text without sources, confidence to 3 decimals. */
export function toJson(question: string, reply: Reply) {
  return {
    question,
    status: reply.status,
    id: reply.id,
    confidence: Math.round(reply.confidence * 1000) / 1000,
    text: renderPlain(reply, { sources: false }),
  };
}

/** `npm run ask`'s pipeline for one question, shared with the evaluation and `npm run tune`. */
export function answerPlain(bot: Bot, question: string): { reply: Reply; text: string } {
  const reply = bot.ask(question);
  return { reply, text: renderPlain(reply) };
}
