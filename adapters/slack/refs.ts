// A "Share in channel" button must say which answer to post. It carries a small reference, not the rendered
// answer: the answer is recomputed from the core when clicked, which keeps the button value far below
// Slack's 2,000 characters and makes the shared answer the current one (a countdown moves on).

import { z } from 'zod';
import type { ReplyRef } from '../kit/index.js';
import { MAX_QUESTION_LENGTH } from './escape.js';

export function encodeRef(ref: ReplyRef): string {
  return JSON.stringify(ref);
}

/** A button value's reference; other fields are dropped. */
const replyRef = z.union([
  z.object({ kind: z.enum(['optout', 'deadline', 'help']) }),
  z.object({
    kind: z.literal('entry'),
    id: z.string().max(100),
    language: z
      .string()
      .regex(/^[a-z]{2}$/)
      .optional(),
  }),
  z.object({ kind: z.literal('ask'), question: z.string().max(MAX_QUESTION_LENGTH) }),
]);

/** Parse a button value; anything malformed (it arrives from outside) is rejected, not trusted. */
export function decodeRef(value: string | undefined): ReplyRef | undefined {
  if (!value) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  return replyRef.safeParse(parsed).data;
}
