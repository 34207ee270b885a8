// Builds platform-neutral Replies from entries, the clock and the small-talk texts.
import type { Clock } from './clock.js';
import { say, type UiCatalog } from './i18n/say.js';
import { type OverYears, relativeFormat, relativeWords, renderTemplate } from './knowledge/template.js';
import type { Entry, Knowledge } from './knowledge/types.js';
import {
  LABEL_KEYS,
  type Reply,
  type ReplyChoice,
  type ReplyDate,
  type ReplyLabels,
  type ReplyStatus,
} from './reply.js';

const DAY_MS = 86_400_000;

/** "today", "tomorrow", "in 7 days" (in `locale`): whole days until `date`, counting a part day as a day. */
export function countdownWords(now: Date, date: Date, locale = 'en'): string {
  const n = Math.ceil((date.getTime() - now.getTime()) / DAY_MS);
  return relativeFormat(locale).format(Math.max(0, n), 'day');
}

/** "today", "yesterday", "3 weeks ago", "over a year ago" (in `locale`). */
export function sinceWords(now: Date, date: Date, locale = 'en', over?: OverYears): string {
  return now.getTime() <= date.getTime()
    ? relativeFormat(locale).format(0, 'day')
    : relativeWords(now, date, locale, over);
}

/** What else the matcher found: a close runner-up to offer first, a two-part question's other entries. */
export interface EntryExtras {
  related?: readonly Entry[];
  also?: readonly Entry[];
}

/** Follow-up buttons shown at most: chat button rows fit about five, and more than four is noise. */
const MAX_FOLLOW_UPS = 4;

export interface Composer {
  entry(entry: Entry, status: ReplyStatus, confidence: number, extras?: EntryExtras): Reply;
  simple(opts: {
    status: ReplyStatus;
    title: string;
    text: string;
    followUps: readonly string[];
    id?: string;
  }): Reply;
  /** An entry as a choice to offer, its question worded for the clock's moment. */
  choice(entry: Entry): ReplyChoice;
}

export function createComposer(
  knowledge: Knowledge,
  clock: Clock,
  english: UiCatalog = knowledge.ui,
): Composer {
  const locale = knowledge.language?.code ?? 'en';
  const over: OverYears = {
    ago: (n) => say(knowledge.ui, english, locale, 'time.over-ago', { n }),
    in: (n) => say(knowledge.ui, english, locale, 'time.over-in', { n }),
  };
  const labels = Object.fromEntries(
    Object.entries(LABEL_KEYS).map(([name, key]) => [name, say(knowledge.ui, english, locale, key)]),
  ) as Record<keyof ReplyLabels, string>;
  function render(template: string, dates: ReplyDate[], words: Record<string, string> = {}): string {
    return renderTemplate(template, { dates: knowledge.dates, words, now: clock.now(), locale, over }, dates);
  }
  // Questions and titles name no date marker: a `{date:N}` there would have no dates list to point into.
  const plainText = (template: string) => render(template, []).replace(/\{date:\d+\}/g, '');
  const choice = (entry: Entry): ReplyChoice => ({ id: entry.id, question: plainText(entry.question) });
  const choices = (ids: readonly string[]) =>
    ids.flatMap((id) => {
      const e = knowledge.byId.get(id);
      return e ? [choice(e)] : [];
    });

  function single(entry: Entry, status: ReplyStatus, confidence: number): Reply {
    const now = clock.now();
    const dates: ReplyDate[] = [];
    let text = entry.answer;
    const words: Record<string, string> = {};
    const ta = entry.timeAware;
    const when = ta ? knowledge.dates[ta.date] : undefined;
    if (ta && when) {
      const before = now.getTime() < when.getTime();
      text = before ? ta.before : ta.after;
      words.countdown = countdownWords(now, when, locale);
      words.since = sinceWords(now, when, locale, over);
    }
    return {
      status,
      language: locale,
      labels,
      id: entry.id,
      confidence,
      title: plainText(entry.title),
      text: render(text, dates, words),
      steps: entry.steps.map((s) => render(s, dates)),
      links: [...entry.links],
      followUps: choices(entry.followUps),
      sources: [...entry.sources],
      dates,
    };
  }

  return {
    choice,
    entry(entry, status, confidence, extras = {}) {
      const reply = single(entry, status, confidence);
      const also = extras.also ?? [];
      if (also.length === 0 && !extras.related?.length) return reply;
      const shown = new Set([entry.id, ...also.map((e) => e.id)]);
      const ids = [
        ...(extras.related ?? []).map((e) => e.id),
        ...entry.followUps,
        ...also.flatMap((e) => e.followUps),
      ];
      const followUps = choices([...new Set(ids)].filter((id) => !shown.has(id)).slice(0, MAX_FOLLOW_UPS));
      // Parts carry no follow-ups, links or sources of their own: the message's one list of each covers them,
      // so no renderer has to merge them.
      const parts = also.map((e) => ({
        ...single(e, status, confidence),
        followUps: [],
        links: [],
        sources: [],
      }));
      const sources = [...reply.sources];
      for (const e of also)
        for (const src of e.sources) if (!sources.some((x) => x.id === src.id)) sources.push(src);
      const links = [...reply.links];
      for (const e of also) for (const l of e.links) if (!links.some((x) => x.url === l.url)) links.push(l);
      return { ...reply, followUps, links, sources, ...(parts.length > 0 ? { also: parts } : {}) };
    },
    simple({ status, title, text, followUps, id }) {
      const dates: ReplyDate[] = [];
      return {
        status,
        language: locale,
        labels,
        id: id ?? null,
        confidence: status === 'fallback' ? 0 : 1,
        title: plainText(title),
        text: render(text, dates),
        steps: [],
        links: [],
        followUps: choices(followUps),
        sources: [],
        dates,
      };
    },
  };
}
