// The terminal chat: what `npm start` runs when no platform is configured. Numbers pick a follow-up or a
// "did you mean" choice from the last reply; `help` and `quit` do what they say.

import { createInterface } from 'node:readline/promises';
import type { Bot, Reply } from '../../src/core/index.js';
import { renderPlain } from './render.js';

export interface ChatIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** Resolve what the user typed against the last reply: a number picks one of its choices. */
export function chatTurn(bot: Bot, line: string, last: Reply | undefined): Reply {
  const pick = /^\s*\[?(\d{1,2})\]?\s*$/.exec(line);
  if (pick && last) {
    const chosen = last.followUps[Number(pick[1]) - 1];
    if (chosen) return bot.answer(chosen.id) ?? bot.ask(line);
  }
  return bot.ask(line);
}

export async function runChat(bot: Bot, io: ChatIo = { input: process.stdin, output: process.stdout }) {
  const rl = createInterface({ input: io.input, output: io.output, terminal: false });
  const say = (s: string) => io.output.write(`${s}\n`);
  say('optout-bot: ask me about LinkedIn using your data to train AI, and how to opt out.');
  say('Type a question, a number to pick a suggestion, "help", or "quit".\n');
  let last: Reply | undefined;
  io.output.write('> ');
  for await (const line of rl) {
    const text = line.trim();
    if (/^(quit|exit|bye|q)$/i.test(text)) break;
    if (text !== '') {
      last = chatTurn(bot, text, last);
      say(`\n${last.title}\n${renderPlain(last, { numbered: true })}\n`);
    }
    io.output.write('> ');
  }
  rl.close();
  say('Bye.');
}
