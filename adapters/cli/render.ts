// Plain-text rendering of a Reply, for the terminal chat, `ask` and its JSON lines.
import { type Reply, renderDates } from '../../src/reply.js';

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

export function renderPlain(reply: Reply, opts: PlainOptions = {}): string {
  const { numbered = false, sources = true } = opts;
  const out: string[] = [];
  out.push(plain(renderDates(reply.text, reply.dates, (d) => d.fallback)));
  if (reply.steps.length > 0) {
    out.push(
      '',
      ...reply.steps.map((s, i) => `${i + 1}. ${plain(renderDates(s, reply.dates, (d) => d.fallback))}`),
    );
  }
  if (reply.links.length > 0) out.push('', ...reply.links.map((l) => `${l.label}: ${l.url}`));
  if (reply.followUps.length > 0) {
    // Entries offer related questions; small talk and fallbacks (no sources) offer places to start.
    const heading = reply.status === 'answered' && reply.sources.length > 0 ? 'Related:' : 'You can ask:';
    out.push('', reply.status === 'suggested' ? 'Did you mean:' : heading);
    out.push(
      ...reply.followUps.map((f, i) => (numbered ? `  [${i + 1}] ${f.question}` : `  - ${f.question}`)),
    );
  }
  if (sources && reply.sources.length > 0) {
    out.push('', `Sources: ${reply.sources.map((s) => `${s.title} (checked ${s.checked})`).join('; ')}`);
  }
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
