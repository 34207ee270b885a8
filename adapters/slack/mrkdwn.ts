// The core writes a small markdown subset; Slack reads "mrkdwn". This turns one into the other and cuts long
// text into pieces that fit Slack's per-block limits without breaking a `<…>` token in half.
import { type ReplyDate, renderDates } from '../../src/core/index.js';
import { escapeText } from './escape.js';

/**
 * Slack's date token, so each reader sees the date in their own time zone. The fallback's spaces become
 * no-break spaces: the token then holds no whitespace, and splitting text on whitespace can never cut it.
 */
export function slackDate(date: ReplyDate): string {
  return `<!date^${date.unix}^{date_long}|${escapeText(date.fallback).replace(/ /g, '\u00a0')}>`;
}

/** Core markdown (paragraphs, **bold**, `- ` bullets, `{date:N}` markers) as escaped Slack mrkdwn. */
export function toMrkdwn(text: string, dates: readonly ReplyDate[]): string {
  const escaped = escapeText(text)
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/^- /gm, '• ');
  return renderDates(escaped, dates, slackDate);
}

/**
 * Split `text` into pieces of at most `max` characters, preferring paragraph, then line, then word
 * boundaries. Only an unbroken run longer than `max` is cut mid-word, and never inside a `<…>` token.
 */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  for (const separator of ['\n\n', '\n', ' ']) {
    const parts = text.split(separator);
    if (parts.length < 2) continue;
    const pieces: string[] = [];
    let current = '';
    for (const part of parts) {
      const joined = current ? `${current}${separator}${part}` : part;
      if (joined.length <= max) {
        current = joined;
        continue;
      }
      if (current) pieces.push(current);
      const split = splitText(part, max);
      current = split.pop() ?? '';
      pieces.push(...split);
    }
    if (current) pieces.push(current);
    return pieces;
  }
  return cutRun(text, max);
}

function cutRun(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = max;
    const open = rest.lastIndexOf('<', cut - 1);
    if (open > 0 && rest.indexOf('>', open) >= cut) cut = open;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** The first `max` characters of mrkdwn at a safe boundary, with an ellipsis when something was cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  // The space keeps the ellipsis from being read as part of a URL the cut ends on.
  return `${splitText(text, max - 2)[0] ?? ''} …`;
}
