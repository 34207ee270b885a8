// What a 👎 offers instead: the entries the matcher ranks closest to the one that did not help. The Bot's
// own ranking (suggest, which runs the matcher over a text) is asked about the entry's canonical question,
// so the neighbours are the ones the matcher itself would have confused it with.
import type { Bot, ReplyChoice } from '../core/index.js';

export const MAX_RELATED = 4;

export function relatedQuestions(
  bot: Bot,
  entry: string,
  limit = MAX_RELATED,
  language?: string,
): ReplyChoice[] {
  // In the language of the answer that was rated: its canonical question and its neighbours.
  const opts = { language };
  const self = bot.suggest('', Number.MAX_SAFE_INTEGER, opts).find((c) => c.id === entry);
  if (!self) return [];
  return bot
    .suggest(self.question, limit + 1, opts)
    .filter((c) => c.id !== entry)
    .slice(0, limit);
}
