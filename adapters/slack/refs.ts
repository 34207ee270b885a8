// A "Share in channel" button must say which answer to post. It carries a small reference, not the rendered
// answer: the answer is recomputed from the core when clicked, which keeps the button value far below
// Slack's 2,000 characters and makes the shared answer the current one (a countdown moves on).

import { z } from 'zod';
import type { ReplyRef } from '../kit/index.js';
import { MAX_QUESTION_LENGTH } from './escape.js';

/**
 * A reference to share, with the language the sharer was shown it in: an empty `/optout` answered in French
 * (from the asker's Slack locale) must reach the channel in French too, though the reference alone says
 * nothing about language. English, the default, is left out.
 */
export type SharedRef = ReplyRef & { language?: string | undefined };

export function encodeRef(ref: ReplyRef, language?: string): string {
  const shown = language && language !== 'en' && !('language' in ref && ref.language) ? { language } : {};
  return JSON.stringify({ ...ref, ...shown });
}

const languageCode = z
  .string()
  .regex(/^[a-z]{2}$/)
  .optional();

/** A button value's reference; other fields are dropped. */
const replyRef = z.union([
  z.object({ kind: z.enum(['optout', 'deadline', 'help']), language: languageCode }),
  z.object({ kind: z.literal('entry'), id: z.string().max(100), language: languageCode }),
  z.object({
    kind: z.literal('ask'),
    question: z.string().max(MAX_QUESTION_LENGTH),
    language: languageCode,
  }),
]);

/** Parse a button value; anything malformed (it arrives from outside) is rejected, not trusted. */
export function decodeRef(value: string | undefined): SharedRef | undefined {
  if (!value) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  return replyRef.safeParse(parsed).data;
}
