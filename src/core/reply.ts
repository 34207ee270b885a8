// The platform-neutral reply the core returns. Adapters render it; nothing here knows about any platform.

/** How sure the matcher is, and what kind of reply this is. */
export type ReplyStatus = 'answered' | 'suggested' | 'fallback';

/**
 * A date the text refers to. The text holds a `{date:N}` marker (N indexes `dates`) so each adapter can
 * render the moment in the reader's own time zone (a chat platform's date token); `fallback` is the
 * plain rendering (UTC, en-GB) for places that cannot localise.
 */
export interface ReplyDate {
  /** ISO-8601 instant. */
  iso: string;
  /** Seconds since the epoch, what chat platforms' date tokens take. */
  unix: number;
  /** Plain text such as "3 November 2025". */
  fallback: string;
}

export interface ReplyLink {
  label: string;
  url: string;
}

/** Something the reader can ask next: an entry id and the question to show. */
export interface ReplyChoice {
  id: string;
  question: string;
}

export interface ReplySource {
  id: string;
  title: string;
  url?: string;
  /** ISO date (YYYY-MM-DD) the source was last checked. */
  checked: string;
}

export interface Reply {
  status: ReplyStatus;
  /** The entry answered, or null for fallbacks and suggestion lists. */
  id: string | null;
  /** 0..1, higher is surer. */
  confidence: number;
  title: string;
  /** A small markdown subset: paragraphs, **bold**, `- ` bullet lines, `{date:N}` markers. */
  text: string;
  steps: string[];
  links: ReplyLink[];
  /** Related questions to offer next (answered replies) or "did you mean" choices (suggested replies). */
  followUps: ReplyChoice[];
  sources: ReplySource[];
  dates: ReplyDate[];
  /** A two-part question's other answers, rendered after this one (each without follow-ups of its own). */
  also?: Reply[];
}

/** Replace every `{date:N}` marker in `text` using `render`; markers without a date are removed. */
export function renderDates(
  text: string,
  dates: readonly ReplyDate[],
  render: (date: ReplyDate) => string,
): string {
  return text.replace(/\{date:(\d+)\}/g, (_, index: string) => {
    const date = dates[Number(index)];
    return date ? render(date) : '';
  });
}

/** The dates a reply's sources were checked, oldest first, each once (ISO dates sort as text). */
export function checkedDates(sources: readonly ReplySource[]): string[] {
  return [...new Set(sources.map((s) => s.checked))].sort();
}
