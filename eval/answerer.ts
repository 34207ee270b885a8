// The evaluation's view of the bot: the same pipeline `npm run ask` runs (Bot.ask, then the plain renderer).

import { renderPlain } from '../adapters/terminal/render.js';
import type { Bot } from '../src/core/index.js';
import type { EvalAnswer } from './evaluate.js';

export function answerWith(bot: Bot): (q: string) => EvalAnswer {
  return (q) => {
    const reply = bot.ask(q);
    const ids = [reply.id, ...(reply.also ?? []).map((r) => r.id)].filter((id) => id !== null);
    return { status: reply.status, ids, text: renderPlain(reply) };
  };
}
