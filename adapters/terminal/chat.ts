// The terminal chat: what `npm start` runs when no platform is configured. Numbers pick a follow-up or a
// "did you mean" choice from the last reply; `more` prints what a tall reply held back; `help` and `quit`
// do what they say. On a real terminal readline edits the line and keeps a history (up/down arrows);
// on a pipe or a test stream it reads plain lines, so scripted input behaves the same everywhere.

import { createInterface } from 'node:readline/promises';
import type { Reply } from '../../src/core/index.js';
import type { Gate, ReplyRef } from '../kit/index.js';
import { routeQuestion } from '../kit/index.js';
import { type ChatOutput, layoutReply, screenOf } from './layout.js';
import { say } from './messages.js';
import { wrapText } from './wrap.js';

export type { ChatOutput } from './layout.js';

export interface ChatInput extends NodeJS.ReadableStream {
  isTTY?: boolean | undefined;
}

export interface ChatIo {
  input: ChatInput;
  output: ChatOutput;
}

/** Lines kept for the up arrow; plenty for one session, small enough to be nothing in memory. */
export const HISTORY_SIZE = 200;
export const PROMPT = '> ';

/** What a typed (non-empty) line asks the chat to do, given the last reply. */
export type Typed =
  | { kind: 'quit' }
  | { kind: 'more' }
  /** Something the chat answers itself (a number that picks nothing), without asking the bot. */
  | { kind: 'notice'; text: string }
  | { kind: 'ask'; ref: ReplyRef };

/** A number, optionally in brackets as the follow-ups are printed: "2" or "[2]". */
const PICK = /^\[?(\d{1,2})\]?$/;

export function interpret(line: string, last: Reply | undefined): Typed {
  const text = line.trim();
  if (/^(quit|exit|bye|q)$/i.test(text)) return { kind: 'quit' };
  if (/^more$/i.test(text)) return { kind: 'more' };
  const pick = PICK.exec(text);
  if (pick) {
    const n = Number(pick[1]);
    // A bare number is never worth asking the bot: it matches no question, so say what went wrong.
    if (!last) return { kind: 'notice', text: say('pick.nothing-yet') };
    const max = last.followUps.length;
    const chosen = last.followUps[n - 1];
    // The follow-up is answered in the language of the answer that offered it.
    if (chosen) return { kind: 'ask', ref: { kind: 'entry', id: chosen.id, language: last.language } };
    if (max === 0) return { kind: 'notice', text: say('pick.none-offered') };
    return {
      kind: 'notice',
      text: max === 1 ? say('pick.out-of-range-one', { n }) : say('pick.out-of-range', { n, max }),
    };
  }
  // The terminal has no command words besides help (and the chat's own above).
  return {
    kind: 'ask',
    ref: text.toLowerCase() === 'help' ? routeQuestion('help') : { kind: 'ask', question: text },
  };
}

export interface ChatSession {
  /** Resolves when the input ends, the user types quit, or Ctrl-C / Ctrl-D on a terminal. */
  done: Promise<void>;
  close(): void;
}

/** Line editing needs a terminal at both ends: escape codes into a pipe or a file would be noise. */
export function isInteractive(io: ChatIo): boolean {
  return io.input.isTTY === true && io.output.isTTY === true;
}

/** The person at the terminal is the only user; the gate still isolates failures and logs answers. */
export function startChat(gate: Gate, io: ChatIo): ChatSession {
  const interactive = isInteractive(io);
  const rl = createInterface({
    input: io.input,
    output: io.output,
    terminal: interactive,
    ...(interactive ? { historySize: HISTORY_SIZE, removeHistoryDuplicates: true } : {}),
  });
  rl.setPrompt(PROMPT);
  /** Print screen lines as they are. */
  const lines = (shown: string[]): void => {
    io.output.write(`${shown.join('\n')}\n`);
  };
  /** Text wrapped to the window as it is now (read each time: the window may have been resized). */
  const wrapped = (text: string): string[] => wrapText(text, screenOf(io.output).columns);
  const print = (text: string): void => lines(wrapped(text));
  /** A block of the conversation, set off by blank lines as every reply is. */
  const block = (shown: string[]): void => lines(['', ...shown, '']);

  const done = (async () => {
    print(say('chat.greeting'));
    print(`${say('chat.usage')}\n`);
    let last: Reply | undefined;
    // What the last reply held back for `more`; emptied once printed so `more` never repeats itself.
    let held: string[] = [];
    rl.prompt();
    for await (const line of rl) {
      const typed = line.trim() === '' ? undefined : interpret(line, last);
      if (typed?.kind === 'quit') break;
      if (typed?.kind === 'more') {
        block(held.length > 0 ? held : wrapped(say('more.nothing')));
        held = [];
      } else if (typed?.kind === 'notice') {
        block(wrapped(typed.text));
      } else if (typed?.kind === 'ask') {
        await gate.handle(
          // The terminal's LANG is the hint for questions too short to tell their language.
          { via: 'terminal', user: 'terminal', asked: typed.ref, locale: process.env.LANG },
          {
            answer: async (reply) => {
              last = reply;
              const laid = layoutReply(reply, screenOf(io.output));
              held = laid.held;
              block(laid.shown);
            },
            cooldown: async (notice) => block(wrapped(notice)),
            failed: async (notice) => block(wrapped(notice)),
          },
        );
      }
      rl.prompt();
    }
    rl.close();
    print(say('chat.bye'));
  })();
  return { done, close: () => rl.close() };
}
