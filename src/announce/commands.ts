// The subscribe / unsubscribe / status flow, once for every platform: reading the request, checking the
// schedule, time zone and language, changing the store and summarising the channel's state, with every
// answer in one result shape and its wording from messages.ts, in the asker's language (a subscribe's
// confirmation, which the channel sees, in the language the channel's announcements will use). The adapters
// keep what is theirs: who may change a subscription, reading their platform's input, the asker's locale,
// and rendering the text (core markdown) their way.
import { type Clock, systemClock } from '../core/index.js';
import {
  DEFAULT_LANGUAGE,
  languageLabel,
  languageOfHint,
  readLanguage,
  SUBSCRIPTION_LANGUAGES,
} from './language.js';
import { type AnnounceMessages, messagesIn, type Voice } from './messages.js';
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
  /**
   * Who may subscribe or unsubscribe, completing "Only … can subscribe or unsubscribe this channel", in
   * `language`.
   */
  allowed: (language: string) => string;
  /** Where announcements can go, for a command run anywhere else, in `language` (default "channels"). */
  channels?: (language: string) => string;
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

/** The answer for a failure the adapter found, worded like every other answer, in `language`. */
export function commandFailure(
  voice: Voice,
  wording: CommandWording,
  code: AdapterFailureCode,
  language: string = DEFAULT_LANGUAGE,
): CommandFailure {
  const { usage } = wording;
  const messages = messagesIn(voice, { language });
  const text = {
    refused: () => messages.refused({ allowed: wording.allowed(language), status: usage.status }),
    'permission-check-failed': () => messages['permission-check-failed'](),
    'not-in-a-channel': () =>
      messages['not-in-a-channel']({ channels: wording.channels?.(language), subscribe: usage.subscribe }),
    'unknown-command': () => messages['unknown-command'](usage),
    failed: () => messages.failed(),
  }[code]();
  return { ok: false, code, text };
}

/**
 * Every method's `language` is the asker's (a code the bot speaks: `languageOfHint` of the platform's
 * locale); left out, English.
 */
export interface SubscriptionCommands {
  /**
   * The failure `subscribe` would answer for this request, or undefined if it would go ahead. Reads
   * nothing from the store and returns at once, for adapters that must decide before any await (for
   * instance whether the answer is private).
   */
  check(request: SubscribeRequest, language?: string): CommandFailure | undefined;
  /**
   * Subscribe (or re-subscribe) the channel. `actor` is the platform user id of whoever asked: the only
   * thing kept about a person. What the request leaves out comes from `defaults`, then the flow's own
   * defaults (schedule `default`, the default zone, English), as a new subscription would get them. Store
   * errors are thrown: the adapter logs them and answers `failure('failed')`. A mistake in the request is
   * answered in `language`; the confirmation in the subscription's language, which the channel reads.
   */
  subscribe(
    target: Target,
    request: SubscribeRequest,
    actor: string,
    defaults?: SubscribeDefaults,
    language?: string,
  ): Promise<CommandResult>;
  unsubscribe(target: Target, language?: string): Promise<CommandResult>;
  status(target: Target, language?: string): Promise<CommandResult>;
  failure(code: AdapterFailureCode, language?: string): CommandFailure;
}

export interface SubscriptionCommandsOptions {
  /** Says the sentences (knowledge/i18n/<lang>/ui.yaml `announce.*`): the bot. */
  voice: Voice;
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
  const { wording, voice } = options;
  const say = (language: string | undefined) => messagesIn(voice, { language: language ?? DEFAULT_LANGUAGE });
  const clock = options.clock ?? systemClock;
  const defaultTimeZone = options.defaultTimeZone ?? 'UTC';

  function resolve(request: SubscribeRequest, asker: string | undefined): Resolved {
    const messages = say(asker);
    const named = readRequest(request, schedules, wording.usage.subscribe, messages);
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
    const chosen = readLanguage(named.language);
    if (!chosen) {
      const text = messages['subscribe.unknown-language']({
        language: named.language,
        languages: languageLabels(),
      });
      return { ok: false, code: 'unknown-language', text };
    }
    return { ok: true, schedule, timeZone, language: chosen };
  }

  /** The channel's state now, one line each, and what the adapters need besides the text. */
  async function summarise(
    target: Target,
    language: string | undefined,
  ): Promise<{ text: string; subscription?: Subscription; next?: Date }> {
    const messages = say(language);
    const code = language ?? DEFAULT_LANGUAGE;
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
      const when = formatLocal(next.at, timeZone, code);
      lines.push(messages['status.next']({ occurrence: describeOccurrence(next, messages), when }));
    } else lines.push(messages['status.none-left']());
    const lastPosted = (await store.listDeliveries(subscription.id))
      .filter((d) => d.state === 'posted')
      .at(-1);
    if (lastPosted) {
      const when = formatLocal(lastPosted.finishedAt ?? lastPosted.scheduledAt, timeZone, code);
      lines.push(messages['status.last-posted']({ when }));
    }
    return { text: lines.join('\n'), subscription, ...(next ? { next: next.at } : {}) };
  }

  return {
    check(request, asker) {
      const resolved = resolve(request, asker);
      return resolved.ok ? undefined : resolved;
    },
    async subscribe(target, request, actor, defaults = {}, asker = undefined) {
      const resolved = resolve(request, asker);
      if (!resolved.ok) return resolved;
      const { schedule, timeZone } = resolved;
      const language = resolved.language ?? languageOfHint(await defaults.locale?.());
      await store.subscribe({ ...target, schedule, timeZone, language, subscribedBy: actor }, clock.now());
      // The confirmation is posted where the channel sees it: in the channel's announcement language.
      const { text, ...state } = await summarise(target, language);
      const done = say(language)['subscribe.done']({ status: text });
      return { ok: true, code: 'subscribed', text: done, ...state };
    },
    async unsubscribe(target, asker) {
      const messages = say(asker);
      const removed = await store.unsubscribe(target);
      return removed
        ? { ok: true, code: 'unsubscribed', text: messages['unsubscribe.done']() }
        : { ok: true, code: 'not-subscribed', text: messages['unsubscribe.not-subscribed']() };
    },
    async status(target, asker) {
      const state = await summarise(target, asker);
      return { ok: true, code: state.subscription ? 'status' : 'not-subscribed', ...state };
    },
    failure: (code, asker) => commandFailure(voice, wording, code, asker),
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
function readRequest(
  request: SubscribeRequest,
  schedules: Schedules,
  usage: string,
  messages: AnnounceMessages,
): Named | CommandFailure {
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

/** "Mon 27 Oct 2025, 09:00 (Europe/Berlin)", in `language`'s own way ("Mo., 27. Okt. 2025, 09:00"). */
export function formatLocal(at: Date, timeZone: string, language: string = DEFAULT_LANGUAGE): string {
  // British English writes the day before the month, as the rest of the bot's English does.
  const text = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, {
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

/** "7 days before the start date", "on the start date", "reminder 28 days after the start date" */
export function describeOccurrence(o: Occurrence, messages: AnnounceMessages): string {
  const date = o.dateName;
  if (o.kind === 'before') return messages['occurrence.before']({ days: -o.daysFromDate, date });
  if (o.kind === 'day') return messages['occurrence.day']({ date });
  return messages['occurrence.after']({ days: o.daysFromDate, date });
}
