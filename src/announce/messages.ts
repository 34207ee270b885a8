// Every sentence the subscribe / unsubscribe / status flow shows a person, in English, keyed by what it
// says: one place to reword (or one day translate) them, and the same answer on every platform. The text
// uses the core's small markdown subset (**bold**, `code`), which each adapter renders its own way.
// What differs by platform is a parameter the adapter supplies (how a command is typed, who may change a
// subscription, what a permission is called), so nothing here names a platform.

const ZONE_HINT = 'Time zones are IANA names such as Europe/Berlin, America/New_York or UTC.';
const list = (names: readonly string[]) => names.join(', ');
const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

export const messages = {
  // subscribe: the request
  'subscribe.unknown-schedule': (p: { schedule: string; schedules: readonly string[] }) =>
    `There is no schedule "${p.schedule}". Schedules: ${list(p.schedules)}.`,
  'subscribe.unknown-zone': (p: { zone: string }) => `"${p.zone}" is not a time zone I know. ${ZONE_HINT}`,
  /** `languages`: each as "Deutsch (de)". */
  'subscribe.unknown-language': (p: { language: string; languages: readonly string[] }) =>
    `I can't announce in "${p.language}". Languages: ${list(p.languages)}.`,
  /** `usage` is the adapter's own syntax, e.g. "`/optout subscribe [schedule] [time zone] [language]`". */
  'subscribe.unknown-word': (p: {
    word: string;
    usage: string;
    schedules: readonly string[];
    languages: readonly string[];
  }) =>
    `I don't understand "${p.word}". Use ${p.usage}; schedules: ${list(p.schedules)}. ${ZONE_HINT} ` +
    `Languages: ${list(p.languages)}.`,
  'subscribe.done': (p: { status: string }) => `Subscribed. ${p.status}`,

  // subscribe: warnings an adapter adds when it sees the bot could not post in the channel
  /** `invite` shows how to add the bot, in the platform's syntax. */
  'subscribe.not-a-member': (p: { invite: string }) =>
    `I’m not a member of this channel yet, so I can’t post here. Invite me (for example ${p.invite}) ` +
    'before the next announcement is due, or it will be paused.',
  /** `missing`: the platform's names for the permissions the bot lacks; `status`: how to ask for status. */
  'subscribe.cannot-post': (p: { missing: string; status: string }) =>
    `**Note:** I don't have ${p.missing} in this channel. Until I do, announcements cannot be posted here, ` +
    `and the subscription will pause (${p.status} says why).`,
  'subscribe.cannot-embed': (p: { missing: string }) =>
    `**Note:** I don't have ${p.missing} in this channel. Until I do, announcements would show without ` +
    'their card.',

  'unsubscribe.done': () => 'Unsubscribed: this channel gets no more deadline announcements.',
  'unsubscribe.not-subscribed': () => 'This channel was not subscribed to announcements.',

  // status, one line each
  'status.not-subscribed': () => 'This channel is not subscribed to announcements.',
  'status.schedule': (p: { schedule: string; timeZone: string }) =>
    `This channel gets the **${p.schedule}** announcements, in ${p.timeZone}.`,
  /** `language` as "Deutsch (de)". */
  'status.language': (p: { language: string }) => `Language: ${p.language}.`,
  'status.paused': (p: { reason: string | null }) =>
    `**Paused**: ${p.reason ?? 'no reason recorded'}. Subscribe again to resume.`,
  'status.next': (p: { occurrence: string; when: string }) => `Next: ${p.occurrence}, ${p.when}.`,
  'status.none-left': () => 'No more announcements are scheduled.',
  'status.last-posted': (p: { when: string }) => `Last posted: ${p.when}.`,
  /** `when` is the platform's own date markup, which shows each reader the time in their zone. */
  'status.in-your-time': (p: { when: string }) => `In your time: ${p.when}.`,

  // which announcement an occurrence is ("7 days before start")
  'occurrence.before': (p: { days: number; date: string }) => `${days(p.days)} before ${p.date}`,
  'occurrence.day': (p: { date: string }) => `on ${p.date}`,
  'occurrence.after': (p: { days: number; date: string }) => `reminder ${days(p.days)} after ${p.date}`,

  // answers to what the adapter found before the flow ran
  /** `allowed`: who may, in the platform's terms; completes "Only … can subscribe or unsubscribe". */
  refused: (p: { allowed: string; status: string }) =>
    `Only ${p.allowed} can subscribe or unsubscribe this channel. Anyone can use ${p.status} to see what ` +
    'it gets.',
  'permission-check-failed': () =>
    'I couldn’t check whether you may change this channel’s subscription, so I left it as it is. ' +
    'Try again in a minute.',
  failed: () => 'Something went wrong on my side and nothing was changed. Try again in a minute.',
  /** `channels`: where announcements can go, in the platform's terms ("server channels"). */
  'not-in-a-channel': (p: { channels: string; subscribe: string }) =>
    `Announcements are posted in ${p.channels}. Run ${p.subscribe} in the channel that should get them.`,
  'unknown-command': (p: { subscribe: string; unsubscribe: string; status: string }) =>
    `Use ${p.subscribe}, ${p.unsubscribe} or ${p.status}.`,
} satisfies Record<string, (params: never) => string>;
