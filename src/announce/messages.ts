// Every sentence the subscribe / unsubscribe / status flow shows a person, keyed by what it says. The words
// live in knowledge/i18n/<lang>/ui.yaml (`announce.*`), one catalog per language like every other sentence
// the bot says, so kb:check holds each translation to English's keys and slots; this file only gives each
// sentence its typed parameters. The text uses the core's small markdown subset (**bold**, `code`), which
// each adapter renders its own way. What differs by platform is a parameter the adapter supplies (how a
// command is typed, who may change a subscription, what a permission is called), so nothing here names a
// platform.
import type { AskOptions, Bot } from '../core/index.js';

/** What says ui.yaml's sentences: the bot itself, or anything with its `say`. */
export type Voice = Pick<Bot, 'say'>;

type Params = Readonly<Record<string, string | number>>;

/** A list as the flow shows one ("default, light"). */
const list = (names: readonly string[]) => names.join(', ');

/**
 * The flow's sentences in one language: `to` is a subscription's language (`{ language }`) or the asker's
 * locale as the platform gives it (`{ locale }`); a language the bot does not speak gets English.
 */
export function messagesIn(voice: Voice, to: AskOptions = {}) {
  const s = (key: string, params?: Params) => voice.say(`announce.${key}`, to, params);
  const zoneHint = () => s('zone-hint');
  return {
    // subscribe: the request
    'subscribe.unknown-schedule': (p: { schedule: string; schedules: readonly string[] }) =>
      s('subscribe.unknown-schedule', { schedule: p.schedule, schedules: list(p.schedules) }),
    'subscribe.unknown-zone': (p: { zone: string }) =>
      s('subscribe.unknown-zone', { zone: p.zone, zoneHint: zoneHint() }),
    /** `languages`: each as "Deutsch (de)". */
    'subscribe.unknown-language': (p: { language: string; languages: readonly string[] }) =>
      s('subscribe.unknown-language', { language: p.language, languages: list(p.languages) }),
    /** `usage` is the adapter's own syntax, e.g. "`/optout subscribe [schedule] [time zone] [language]`". */
    'subscribe.unknown-word': (p: {
      word: string;
      usage: string;
      schedules: readonly string[];
      languages: readonly string[];
    }) =>
      s('subscribe.unknown-word', {
        word: p.word,
        usage: p.usage,
        schedules: list(p.schedules),
        languages: list(p.languages),
        zoneHint: zoneHint(),
      }),
    'subscribe.done': (p: { status: string }) => s('subscribe.done', p),

    // subscribe: warnings an adapter adds when it sees the bot could not post in the channel
    /** `invite` shows how to add the bot, in the platform's syntax. */
    'subscribe.not-a-member': (p: { invite: string }) => s('subscribe.not-a-member', p),
    /** `missing`: the platform's names for the permissions the bot lacks; `status`: how to ask for status. */
    'subscribe.cannot-post': (p: { missing: string; status: string }) => s('subscribe.cannot-post', p),
    'subscribe.cannot-embed': (p: { missing: string }) => s('subscribe.cannot-embed', p),

    'unsubscribe.done': () => s('unsubscribe.done'),
    'unsubscribe.not-subscribed': () => s('unsubscribe.not-subscribed'),

    // status, one line each
    'status.not-subscribed': () => s('status.not-subscribed'),
    'status.schedule': (p: { schedule: string; timeZone: string }) => s('status.schedule', p),
    /** `language` as "Deutsch (de)". */
    'status.language': (p: { language: string }) => s('status.language', p),
    'status.paused': (p: { reason: string | null }) =>
      s('status.paused', { reason: p.reason ?? s('status.no-reason') }),
    'status.next': (p: { occurrence: string; when: string }) => s('status.next', p),
    'status.none-left': () => s('status.none-left'),
    'status.last-posted': (p: { when: string }) => s('status.last-posted', p),
    /** `when` is the platform's own date markup, which shows each reader the time in their zone. */
    'status.in-your-time': (p: { when: string }) => s('status.in-your-time', p),

    // which announcement an occurrence is ("7 days before the start date"); `date` is a facts.yaml date's
    // name, said through `announce.date.<name>` when the catalog has one, else as it is written
    'occurrence.before': (p: { days: number; date: string }) =>
      s('occurrence.before', { n: p.days, date: dateName(voice, to, p.date) }),
    'occurrence.day': (p: { date: string }) => s('occurrence.day', { date: dateName(voice, to, p.date) }),
    'occurrence.after': (p: { days: number; date: string }) =>
      s('occurrence.after', { n: p.days, date: dateName(voice, to, p.date) }),

    // answers to what the adapter found before the flow ran
    /** `allowed`: who may, in the platform's terms; completes "Only … can subscribe or unsubscribe". */
    refused: (p: { allowed: string; status: string }) => s('refused', p),
    'permission-check-failed': () => s('permission-check-failed'),
    failed: () => s('failed'),
    /** `channels`: where announcements can go, in the platform's terms ("server channels"). */
    'not-in-a-channel': (p: { channels?: string | undefined; subscribe: string }) =>
      s('not-in-a-channel', { channels: p.channels ?? s('channels'), subscribe: p.subscribe }),
    'unknown-command': (p: { subscribe: string; unsubscribe: string; status: string }) =>
      s('unknown-command', p),
  } satisfies Record<string, (params: never) => string>;
}

export type AnnounceMessages = ReturnType<typeof messagesIn>;

/** A date's name in the catalog; `say` answers the key itself for a key no catalog has. */
function dateName(voice: Voice, to: AskOptions, name: string): string {
  const key = `announce.date.${name}`;
  const said = voice.say(key, to);
  return said === key ? name : said;
}
