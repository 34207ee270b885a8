// The evaluation's view of the bot: exactly the pipeline `npm run ask` runs (the terminal's answerPlain).
import { answerPlain } from '../adapters/terminal/index.js';
import type { Bot } from '../src/core/index.js';
import type { EvalAnswer } from './evaluate.js';

export function answerWith(bot: Bot): (q: string) => EvalAnswer {
  return (q) => {
    const { reply, text } = answerPlain(bot, q);
    const ids = [reply.id, ...(reply.also ?? []).map((r) => r.id)].filter((id) => id !== null);
    return { status: reply.status, ids, text };
  };
}
