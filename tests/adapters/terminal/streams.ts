// Streams for driving the terminal chat in tests: PassThrough streams that can pose as a terminal (isTTY,
// columns, rows, setRawMode) the way process.stdin/stdout do, and a driver that types one line at a time
// and returns what the chat printed before its next prompt, with readline's cursor codes removed.
import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { runChat } from '../../../adapters/terminal/adapter.js';
import type { Reply } from '../../../src/core/index.js';
import { createBot, loadKnowledge, ManualClock } from '../../../src/core/index.js';
import { ENGLISH_REPLY } from '../../support/reply-labels.js';

/** An output stream that reports a window size, as a TTY WriteStream does. */
export class FakeTtyOutput extends PassThrough {
  readonly isTTY = true;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
}

/** An input stream that is a terminal: readline switches it to raw mode to read keys. */
export class FakeTtyInput extends PassThrough {
  readonly isTTY = true;
  rawMode = false;
  setRawMode(mode: boolean): this {
    this.rawMode = mode;
    return this;
  }
}

let knowledge: ReturnType<typeof loadKnowledge> | undefined;

/** The bot the chat under test uses, and the same answers for the test's expectations. */
export function testBot() {
  knowledge ??= loadKnowledge();
  return createBot({ knowledge, clock: new ManualClock('2025-11-20T00:00:00Z') });
}

export interface Conversation {
  /** Type `keys` (a line ends with "\n", or "\r" on a terminal) and get what was printed up to the next prompt. */
  type(keys: string): Promise<string>;
  /** Everything printed so far, cursor codes removed. */
  printed(): string;
  /** End the input and wait for the chat to finish. */
  end(): Promise<string>;
  /** Resolves when the chat has finished by itself (quit, Ctrl-C). */
  done: Promise<void>;
}

export function converse(io: { input?: PassThrough; output?: PassThrough } = {}): Conversation {
  const input = io.input ?? new PassThrough();
  const output = io.output ?? new PassThrough();
  let raw = '';
  const waiters: Array<() => void> = [];
  output.on('data', (chunk: Buffer) => {
    raw += chunk.toString('utf8');
    for (const wake of waiters.splice(0)) wake();
  });
  const printed = () => stripVTControlCharacters(raw);
  const done = runChat(testBot(), { input, output });
  let finished = false;
  void done.then(() => {
    finished = true;
    for (const wake of waiters.splice(0)) wake();
  });
  const untilPrompt = async (from: number): Promise<string> => {
    while (!finished && !printed().slice(from).endsWith('> ')) {
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
    const seen = printed().slice(from);
    return seen.endsWith('> ') ? seen.slice(0, -2) : seen;
  };
  const ready = untilPrompt(0);
  return {
    async type(keys) {
      await ready;
      const from = printed().length;
      input.write(keys);
      return untilPrompt(from);
    },
    printed,
    async end() {
      await ready;
      input.end();
      await done;
      return printed();
    },
    done,
  };
}

/** The printed lines that are longer than `columns` and could have been broken (more than one word). */
export function overlong(text: string, columns: number): string[] {
  return text.split('\n').filter((line) => line.length > columns && line.trim().includes(' '));
}

/** A reply built by hand, for layouts that must not change when the knowledge base does. */
export function fixtureReply(over: Partial<Reply> = {}): Reply {
  return {
    ...ENGLISH_REPLY,
    status: 'answered',
    id: 'fixture',
    confidence: 1,
    title: 'Fixture title',
    text: 'The answer.',
    steps: [],
    links: [],
    followUps: [],
    sources: [],
    dates: [],
    ...over,
  };
}
