// The one line of the App Home's subscription list, which is Slack markup around stored values and needs no
// words of any language. Everything else the Slack adapter says is in knowledge/i18n/<lang>/ui.yaml
// (`slack.*`, and `announce.*` for src/announce), in the reader's language. Values passed in are escaped by
// the caller.

export const slackMessages = {
  /** `language` as "Deutsch (de)". */
  'home.announcements.line': (p: { channel: string; schedule: string; timeZone: string; language: string }) =>
    `• <#${p.channel}>: *${p.schedule}*, ${p.timeZone}, ${p.language}`,
} satisfies Record<string, (params: never) => string>;
