// The terminal chat: what `npm start` runs when no platform is configured. Numbers pick a follow-up or a
// "did you mean" choice from the last reply; `help` and `quit` do what they say.

import { createInterface } from 'node:readline/promises';
import type { Bot, Reply } from '../../src/core/index.js';
import { silentLogger, systemClock } from '../../src/core/index.js';
import { createErrorSink, createGate, type Gate, type ReplyRef, routeQuestion } from '../kit/index.js';
import { renderPlain } from './render.js';

export interface ChatIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** What a typed line asks for, given the last reply: a number picks one of its choices. */
export function chatRef(line: string, last: Reply | undefined): ReplyRef {
  const pick = /^\s*\[?(\d{1,2})\]?\s*$/.exec(line);
  const chosen = pick && last ? last.followUps[Number(pick[1]) - 1] : undefined;
  if (chosen) return { kind: 'entry', id: chosen.id };
  // The terminal has no command words besides help: an empty line is ignored before it gets here.
  return line.trim().toLowerCase() === 'help' ? routeQuestion('help') : { kind: 'ask', question: line };
}

export interface ChatSession {
  /** Resolves when the input ends or the user types quit. */
  done: Promise<void>;
  close(): void;
}

/** The person at the terminal is the only user; the gate still isolates failures and logs answers. */
export function startChat(gate: Gate, io: ChatIo): ChatSession {
  const rl = createInterface({ input: io.input, output: io.output, terminal: false });
  const say = (s: string): void => {
    io.output.write(`${s}\n`);
  };
  const done = (async () => {
    say('optout-bot: ask me about LinkedIn using your data to train AI, and how to opt out.');
    say('Type a question, a number to pick a suggestion, "help", or "quit".\n');
    let last: Reply | undefined;
    io.output.write('> ');
    for await (const line of rl) {
      const text = line.trim();
      if (/^(quit|exit|bye|q)$/i.test(text)) break;
      if (text !== '') {
        await gate.handle(
          { via: 'terminal', user: 'terminal', asked: chatRef(text, last) },
          {
            answer: async (reply) => {
              last = reply;
              say(`\n${reply.title}\n${renderPlain(reply, { numbered: true })}\n`);
            },
            cooldown: async (notice) => say(`\n${notice}\n`),
            failed: async (notice) => say(`\n${notice}\n`),
          },
        );
      }
      io.output.write('> ');
    }
    rl.close();
    say('Bye.');
  })();
  return { done, close: () => rl.close() };
}

/** The chat with a default gate: for callers that have only a Bot. */
export async function runChat(bot: Bot, io: ChatIo = { input: process.stdin, output: process.stdout }) {
  const logger = silentLogger;
  const gate = createGate({
    platform: 'terminal',
    bot,
    logger,
    clock: systemClock,
    sink: createErrorSink('terminal', logger),
    // One person typing: no flood to hold back.
    cooldown: { limit: Number.MAX_SAFE_INTEGER, windowMs: 1 },
  });
  await startChat(gate, io).done;
}
