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

/**
 * The words a renderer puts around a reply, in the reply's language (knowledge/i18n/<lang>/ui.yaml).
 * `{name}` slots are filled by the renderer with `fill` (e.g. `sources` has {titles} and {checked}).
 */
export interface ReplyLabels {
  related: string;
  relatedQuestions: string;
  startHere: string;
  didYouMean: string;
  sources: string;
  when: string;
  share: string;
  asked: string;
  sharedBy: string;
  feedbackUp: string;
  feedbackDown: string;
  defaultTitle: string;
}

/** The ui.yaml key of each label. */
export const LABEL_KEYS: Readonly<Record<keyof ReplyLabels, string>> = {
  related: 'reply.related',
  relatedQuestions: 'reply.related-questions',
  startHere: 'reply.start-here',
  didYouMean: 'reply.did-you-mean',
  sources: 'reply.sources',
  when: 'reply.when',
  share: 'reply.share',
  asked: 'reply.asked',
  sharedBy: 'reply.shared-by',
  feedbackUp: 'feedback.button.up',
  feedbackDown: 'feedback.button.down',
  defaultTitle: 'title.default',
};

export interface Reply {
  status: ReplyStatus;
  /** The language the reply is written in ('en', 'de', ...). */
  language: string;
  labels: ReplyLabels;
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
