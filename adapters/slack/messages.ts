// What the Slack adapter says on its own account in the App Home, keyed by what it says, in English (the
// home tab is published without a lookup of the viewer's locale). What it says in reply to someone, in their
// language, is in knowledge/i18n/<lang>/ui.yaml (`slack.*`, and `announce.*` for src/announce). Text is
// Slack mrkdwn written here, so nothing in it needs escaping; values passed in are escaped by the caller.

export const slackMessages = {
  // The App Home tab
  'home.heading': () => 'LinkedIn’s generative-AI training opt-out',
  'home.ask': () =>
    'Ask me anything about it: type `/optout` and your question, mention me in a channel, write to me in ' +
    'the *Messages* tab, or pick *Ask optout-bot about this* from a message’s *More actions* menu (⋮).',
  'home.announcements.heading': () => 'Announcements in this workspace',
  'home.announcements.none': () =>
    'No channel is subscribed. Type `/optout subscribe` in a channel to get deadline reminders there.',
  /** `language` as "Deutsch (de)". */
  'home.announcements.line': (p: { channel: string; schedule: string; timeZone: string; language: string }) =>
    `• <#${p.channel}>: *${p.schedule}*, ${p.timeZone}, ${p.language}`,
  'home.announcements.paused': (p: { reason: string | null }) =>
    ` (paused: ${p.reason ?? 'no reason recorded'})`,
  'home.announcements.more': (p: { count: number }) =>
    `…and ${p.count} more. \`/optout status\` in a channel shows its details.`,
  'home.announcements.not-admin': () =>
    'Workspace admins see this workspace’s announcement subscriptions here. Anyone can type ' +
    '`/optout status` in a channel to see what it gets.',
  'home.announcements.no-scope': () =>
    'The app was installed without the optional `users:read` permission, so only people the bot’s ' +
    'operator has listed (or, where the app was added from its install link, the person who added it) ' +
    'see the subscriptions here.',
  'home.announcements.cannot-check': () =>
    'I couldn’t check whether you are a workspace admin just now. Open this tab again in a minute.',
  'home.announcements.failed': () =>
    'I couldn’t load the subscriptions just now. Open this tab again in a minute.',
  'home.announcements.not-set-up': () => 'Announcements aren’t set up for this workspace.',
  'home.stores.heading': () => 'What this bot stores',
  'home.stores.body': () =>
    'Nothing about your messages: questions are answered and forgotten, and the logs leave out message ' +
    'text, tokens and user ids.\n' +
    'For announcements it keeps one row per subscribed channel: the channel, the schedule, the time zone, ' +
    'the language, the member id of whoever subscribed it and when, plus a record of each announcement ' +
    'posted (its message id, never its text). `/optout unsubscribe` deletes the channel’s row and those ' +
    'records.\n' +
    'To improve answers it counts, per day, how often each answer was given and rated 👍 or 👎, never who ' +
    'asked or clicked; only if the operator turned it on, it also keeps questions it could not answer, ' +
    'stripped of emails, links, numbers and mentions, for 30 days.',
} satisfies Record<string, (params: never) => string>;
