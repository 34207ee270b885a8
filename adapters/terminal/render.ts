import { type Bot, checkedDates, fill, type Reply, renderDates } from '../../src/core/index.js';
import { say } from './messages.js';

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

/** When the sources were checked: one date when they share it, else the earliest to the latest. */
export function checkedRange(sources: Reply['sources']): string {
  const dates = checkedDates(sources);
  return dates.length <= 1 ? (dates[0] ?? '') : `${dates[0]} to ${dates.at(-1)}`;
}

/** One compact line: titles, then the check date (or range) once. */
export function sourcesLine(sources: Reply['sources'], labels?: Reply['labels']): string {
  const titles = sources.map((s) => s.title).join('; ');
  const checked = checkedRange(sources);
  return labels ? fill(labels.sources, { titles, checked }) : say('reply.sources', { titles, checked });
}

/** A reply in the parts the chat lays out separately; renderPlain joins them all. */
export interface PlainParts {
  /** The answer itself: text, steps, a two-part question's other answer, and the links, as lines. */
  answer: string[];
  /** The heading over the follow-ups ("Related:", "Did you mean:", ...), or undefined when there are none. */
  heading: string | undefined;
  /** One line per follow-up: "  [n] question" when numbered, "  - question" otherwise. */
  followUps: string[];
  /** The one sources line, or undefined when the reply cites nothing. */
  sources: string | undefined;
}

export function plainParts(reply: Reply, opts: { numbered?: boolean } = {}): PlainParts {
  const answer: string[] = body(reply);
  // A two-part question's other answer follows under its own heading.
  for (const part of reply.also ?? []) answer.push('', `${part.title}:`, ...body(part));
  if (reply.links.length > 0) answer.push('', ...reply.links.map((l) => `${l.label}: ${l.url}`));
  // Entries offer related questions; small talk and fallbacks (no sources) offer places to start.
  const related =
    reply.status === 'answered' && reply.sources.length > 0 ? reply.labels.related : reply.labels.startHere;
  const heading =
    reply.followUps.length === 0
      ? undefined
      : reply.status === 'suggested'
        ? reply.labels.didYouMean
        : related;
  const followUps = reply.followUps.map((f, i) =>
    opts.numbered ? `  [${i + 1}] ${f.question}` : `  - ${f.question}`,
  );
  const sources = reply.sources.length > 0 ? sourcesLine(reply.sources, reply.labels) : undefined;
  return { answer, heading, followUps, sources };
}

export function renderPlain(reply: Reply, opts: PlainOptions = {}): string {
  const { numbered = false, sources = true } = opts;
  const parts = plainParts(reply, { numbered });
  const out = [...parts.answer];
  if (parts.heading) out.push('', parts.heading, ...parts.followUps);
  if (sources && parts.sources) out.push('', parts.sources);
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
/** `locale` is the platform's hint (the terminal's LANG): it decides only when the text cannot. */
export function answerPlain(bot: Bot, question: string, locale?: string): { reply: Reply; text: string } {
  const reply = bot.ask(question, { locale });
  return { reply, text: renderPlain(reply) };
}
