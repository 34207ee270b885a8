// What an unanswered question becomes before it may be kept (INSIGHTS_UNANSWERED=on): the words only.
// Emails, links, mentions and every number are removed first (a phone number, an order id, a member id),
// then the core's own normalisation (lowercase, no accents, no punctuation) so the same question typed
// twice is one row. Nothing else about the question or who asked it is kept.
import { normalise } from '../core/index.js';

/** Longest text kept: enough to read the question, not a pasted document. */
export const MAX_UNANSWERED_CHARS = 200;

const PATTERNS: readonly RegExp[] = [
  /<[^<>]*>/g, // chat markup: <@U123>, <#C123|name>, <https://…|label>, <@!123>
  /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu, // emails, before mentions eat their @
  /\b(?:https?:\/\/|www\.)\S+/gi,
  /\b[\p{L}\p{N}-]+\.(?:com|org|net|io|co|uk|de|fr|eu|me|ly|gl|app|dev)(?:\/\S*)?/giu, // bare domains
  /[@#][\p{L}\p{N}_.-]+/gu, // @name, #channel
  /\p{N}+/gu,
];

/** The question's kept form, or undefined when nothing is left to keep. */
export function scrubQuestion(question: string): string | undefined {
  let text = question.slice(0, 2_000);
  for (const pattern of PATTERNS) text = text.replace(pattern, ' ');
  // normalise keeps digits and may join pieces; strip any digit it let through once more.
  const words = normalise(text)
    .replace(/\p{N}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!words) return undefined;
  return words.length <= MAX_UNANSWERED_CHARS
    ? words
    : words.slice(0, MAX_UNANSWERED_CHARS).replace(/\s+\S*$/, '');
}
