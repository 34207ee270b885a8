// The rows both SQL stores read back for the report, parsed on the way out: counts per entry and day,
// counts per day, and (opt-in) the scrubbed unanswered questions.
import { z } from 'zod';

export const entryRow = z.object({
  day: z.string(),
  entry: z.string(),
  asked: z.number(),
  helpful: z.number(),
  unhelpful: z.number(),
});
export const dayRow = z.object({
  day: z.string(),
  questions: z.number(),
  fallbacks: z.number(),
  suggestions: z.number(),
});
export const unansweredRow = z.object({ text: z.string(), times: z.number() });
