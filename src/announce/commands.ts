// The subscribe / unsubscribe / status flow, once for every platform: reading the request, checking the
// schedule, time zone and language, changing the store and summarising the channel's state, with every
// answer in one result shape and its wording from messages.ts. The adapters keep what is theirs: who may
// change a subscription, reading their platform's input, and rendering the text (core markdown) their way.
import { type Clock, systemClock } from '../core/index.js';
import { languageLabel, languageOfHint, readLanguage, SUBSCRIPTION_LANGUAGES } from './language.js';
import { messages } from './messages.js';
import type { Schedules } from './schedule.js';
import type { AnnouncementService } from './service.js';
import type { Occurrence, Subscription, Target } from './types.js';
import { canonicalTimeZone } from './zoned-time.js';

/** Platform facts the wording needs; the adapter supplies them, in its platform's own syntax. */
export interface CommandWording {
  /**
   * How its users type each command, as shown in hints: e.g.
   * "`/optout subscribe [schedule] [time zone] [language]`".
   */
  usage: { subscribe: string; unsubscribe: string; status: string };
  /** Who may subscribe or unsubscribe, completing "Only … can subscribe or unsubscribe this channel". */
  allowed: string;
  /** Where announcements can go, for a command run anywhere else (default "channels"). */
  channels?: string;
}

/**
 * What to subscribe to: named options (a slash command's fields), or free words in any order, each a
 * schedule, a zone or a language (text typed after the command). Anything left out gets the default.
 */
export type SubscribeRequest =
  | {
      schedule?: string | undefined;
      timeZone?: string | undefined;
      /** A code, locale tag or name ("de", "pt-BR", "Deutsch", "German"). */
      language?: string | undefined;
      words?: undefined;
    }
  | { words: readonly string[] };

/** What the platform knows when the request leaves something out. */
export interface SubscribeDefaults {
  /**
   * The platform's locale hint for a request that names no language (the server's locale, the user's
   * Slack locale). Called only then, so a lookup it needs is made only then; a locale the bot does not
   * speak, or none, gives English.
   */
  locale?: () => string | null | undefined | Promise<string | null | undefined>;
}

export type CommandSuccessCode = 'subscribed' | 'unsubscribed' | 'not-subscribed' | 'status';
export type CommandFailureCode =
  | 'unknown-schedule'
  | 'unknown-zone'
  | 'unknown-language'
  | 'unknown-word'
  | 'refused'
  | 'permission-check-failed'
  | 'not-in-a-channel'
  | 'unknown-command'
  | 'failed';

/**
 * Every answer of the flow. `text` is ready to show (core markdown). A success also carries the channel's
 * subscription, if it has one, and its next announcement: adapters show that instant in each reader's own
 * zone, which only the platform can do.
 */
export type CommandResult =
  | { ok: true; code: CommandSuccessCode; text: string; subscription?: Subscription; next?: Date }
  | { ok: false; code: CommandFailureCode; text: string };

export type CommandFailure = Extract<CommandResult, { ok: false }>;

/** Failures only the adapter can find (permissions, where the command was run, a failing store). */
export type AdapterFailureCode = Exclude<
  CommandFailureCode,
  'unknown-schedule' | 'unknown-zone' | 'unknown-language' | 'unknown-word'
>;

/** The answer for a failure the adapter found, worded like every other answer. */
export function commandFailure(wording: CommandWording, code: AdapterFailureCode): CommandFailure {
  const { usage } = wording;
  const text = {
    refused: () => messages.refused({ allowed: wording.allowed, status: usage.status }),
    'permission-check-failed': () => messages['permission-check-failed'](),
    'not-in-a-channel': () =>
      messages['not-in-a-channel']({ channels: wording.channels ?? 'channels', subscribe: usage.subscribe }),
    'unknown-command': () => messages['unknown-command'](usage),
    failed: () => messages.failed(),
  }[code]();
  return { ok: false, code, text };
}

export interface SubscriptionCommands {
  /**
   * The failure `subscribe` would answer for this request, or undefined if it would go ahead. Reads
   * nothing from the store and returns at once, for adapters that must decide before any await (for
   * instance whether the answer is private).
   */
  check(request: SubscribeRequest): CommandFailure | undefined;
  /**
   * Subscribe (or re-subscribe) the channel. `actor` is the platform user id of whoever asked: the only
   * thing kept about a person. What the request leaves out comes from `defaults`, then the flow's own
   * defaults (schedule `default`, the default zone, English), as a new subscription would get them. Store
   * errors are thrown: the adapter logs them and answers `failure('failed')`.
   */
  subscribe(
    target: Target,
    request: SubscribeRequest,
    actor: string,
    defaults?: SubscribeDefaults,
  ): Promise<CommandResult>;
  unsubscribe(target: Target): Promise<CommandResult>;
  status(target: Target): Promise<CommandResult>;
  failure(code: AdapterFailureCode): CommandFailure;
}

export interface SubscriptionCommandsOptions {
  wording: CommandWording;
  /** The zone used when `subscribe` names none (default UTC). */
  defaultTimeZone?: string | undefined;
  clock?: Clock | undefined;
}

/** `language` is undefined when the request named none (the default is then the platform's hint). */
type Resolved = { ok: true; schedule: string; timeZone: string; language?: string } | CommandFailure;

const languageLabels = () => SUBSCRIPTION_LANGUAGES.map((l) => languageLabel(l.code));

export function createSubscriptionCommands(
  service: Pick<AnnouncementService, 'store' | 'schedules' | 'scheduler'>,
  options: SubscriptionCommandsOptions,
): SubscriptionCommands {
  const { store, schedules, scheduler } = service;
  const { wording } = options;
  const clock = options.clock ?? systemClock;
  const defaultTimeZone = options.defaultTimeZone ?? 'UTC';

  function resolve(request: SubscribeRequest): Resolved {
    const named = readRequest(request, schedules, wording.usage.subscribe);
    if (!named.ok) return named;
    const schedule = (named.schedule ?? 'default').trim().toLowerCase();
    if (!schedules.has(schedule)) {
      const text = messages['subscribe.unknown-schedule']({ schedule, schedules: [...schedules.keys()] });
      return { ok: false, code: 'unknown-schedule', text };
    }
    const typed = named.timeZone ?? defaultTimeZone;
    const timeZone = canonicalTimeZone(typed);
    if (!timeZone)
      return { ok: false, code: 'unknown-zone', text: messages['subscribe.unknown-zone']({ zone: typed }) };
    if (named.language === undefined) return { ok: true, schedule, timeZone };
    const language = readLanguage(named.language);
    if (!language) {
      const text = messages['subscribe.unknown-language']({
        language: named.language,
        languages: languageLabels(),
      });
      return { ok: false, code: 'unknown-language', text };
    }
    return { ok: true, schedule, timeZone, language };
  }

  /** The channel's state now, one line each, and what the adapters need besides the text. */
  async function summarise(
    target: Target,
  ): Promise<{ text: string; subscription?: Subscription; next?: Date }> {
    const now = clock.now();
    const subscription = await store.getSubscription(target);
    if (!subscription) return { text: messages['status.not-subscribed']() };
    const { schedule, timeZone, state, pausedReason } = subscription;
    const lines = [
      messages['status.schedule']({ schedule, timeZone }),
      messages['status.language']({ language: languageLabel(subscription.language) }),
    ];
    // A paused channel gets nothing until it subscribes again, so it has no next announcement.
    const next = state === 'active' ? scheduler.nextFor(subscription, now)[0] : undefined;
    if (state === 'paused') lines.push(messages['status.paused']({ reason: pausedReason }));
    else if (next) {
      const when = formatLocal(next.at, timeZone);
      lines.push(messages['status.next']({ occurrence: describeOccurrence(next), when }));
    } else lines.push(messages['status.none-left']());
    const lastPosted = (await store.listDeliveries(subscription.id))
      .filter((d) => d.state === 'posted')
      .at(-1);
    if (lastPosted) {
      const when = formatLocal(lastPosted.finishedAt ?? lastPosted.scheduledAt, timeZone);
      lines.push(messages['status.last-posted']({ when }));
    }
    return { text: lines.join('\n'), subscription, ...(next ? { next: next.at } : {}) };
  }

  return {
    check(request) {
      const resolved = resolve(request);
      return resolved.ok ? undefined : resolved;
    },
    async subscribe(target, request, actor, defaults = {}) {
      const resolved = resolve(request);
      if (!resolved.ok) return resolved;
      const { schedule, timeZone } = resolved;
      const language = resolved.language ?? languageOfHint(await defaults.locale?.());
      await store.subscribe({ ...target, schedule, timeZone, language, subscribedBy: actor }, clock.now());
      const { text, ...state } = await summarise(target);
      return { ok: true, code: 'subscribed', text: messages['subscribe.done']({ status: text }), ...state };
    },
    async unsubscribe(target) {
      const removed = await store.unsubscribe(target);
      return removed
        ? { ok: true, code: 'unsubscribed', text: messages['unsubscribe.done']() }
        : { ok: true, code: 'not-subscribed', text: messages['unsubscribe.not-subscribed']() };
    },
    async status(target) {
      const state = await summarise(target);
      return { ok: true, code: state.subscription ? 'status' : 'not-subscribed', ...state };
    },
    failure: (code) => commandFailure(wording, code),
  };
}

type Named = {
  ok: true;
  schedule?: string | undefined;
  timeZone?: string | undefined;
  language?: string | undefined;
};

/**
 * The named options as given; free words, in any order, each a schedule, a zone or a language (one of
 * each). A schedule's name wins over a zone's, and a zone's over a language's.
 */
function readRequest(request: SubscribeRequest, schedules: Schedules, usage: string): Named | CommandFailure {
  if (request.words === undefined) {
    const { schedule, timeZone, language } = request;
    return { ok: true, schedule, timeZone, language };
  }
  const named: Named = { ok: true };
  for (const word of request.words) {
    if (schedules.has(word.toLowerCase()) && !named.schedule) named.schedule = word.toLowerCase();
    else if (canonicalTimeZone(word) && !named.timeZone) named.timeZone = word;
    else if (readLanguage(word) && !named.language) named.language = word;
    else {
      const text = messages['subscribe.unknown-word']({
        word,
        usage,
        schedules: [...schedules.keys()],
        languages: languageLabels(),
      });
      return { ok: false, code: 'unknown-word', text };
    }
  }
  return named;
}

/** "Mon 27 Oct 2025, 09:00 (Europe/Berlin)" */
export function formatLocal(at: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return `${text} (${timeZone})`;
}

/** "7 days before start", "on start", "reminder 28 days after start" */
export function describeOccurrence(o: Occurrence): string {
  const date = o.dateName;
  if (o.kind === 'before') return messages['occurrence.before']({ days: -o.daysFromDate, date });
  if (o.kind === 'day') return messages['occurrence.day']({ date });
  return messages['occurrence.after']({ days: o.daysFromDate, date });
}
