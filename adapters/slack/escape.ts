// Slack's mrkdwn treats `<…>` as control sequences (`<!channel>`, `<@U123>`, links) and `&` as the start of
// an entity. Anything that did not come from us is escaped before it goes back to Slack, and Slack's own
// markup is turned into plain words before a question reaches the core.

import { truncate } from '../kit/index.js';
/** Escape the three characters Slack reserves, so text can never become a ping, a link or a broadcast. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Questions longer than this are cut: nobody asks one, and it bounds what we echo and put in buttons. */
export const MAX_QUESTION_LENGTH = 500;

/**
 * Turn a message or slash-command text as Slack delivers it into the plain question a person typed:
 * mentions of people and groups and broadcasts are dropped (they are addressing, not content), channel
 * links keep their name, links keep their label, and entities are decoded.
 */
export function toPlainQuestion(slackText: string): string {
  const plain = slackText
    .replace(/<([^<>]*)>/g, (_, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@') || target.startsWith('!')) return ' ';
      if (target.startsWith('#')) return label ? `#${label}` : ' ';
      return label ?? target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return truncate(plain, MAX_QUESTION_LENGTH);
}

// One implementation for every adapter (adapters/kit/text.ts); re-exported for this adapter's renderers.
export { truncate };
