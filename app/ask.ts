// `npm run ask`: answers from scripts. Plain text by default, --json for one object, --jsonl for a stream
// (one answer per input line, in order; an over-long line gets an error object instead of an answer).

import 'dotenv/config';
import { once } from 'node:events';
import { answerPlain, toJson } from '../adapters/terminal/index.js';
import {
  type Bot,
  createBot,
  createLogger,
  loadKnowledgeFast,
  ManualClock,
  systemClock,
} from '../src/core/index.js';
import { ASK_USAGE, parseAskArgs, UsageError } from './args.js';
import { openLanguages } from './languages.js';
import { MAX_LINE_BYTES, readLines } from './lines.js';
import { reportCoreErrors } from './report.js';

// A reader that went away (`| head -n 1`) is a normal end for a filter: stop quietly with code 0.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  process.stderr.write(`ask: cannot write the answers (${err.message})\n`);
  process.exit(1);
});

async function answerLines(bot: Bot): Promise<void> {
  let n = 0;
  for await (const item of readLines(process.stdin)) {
    n++;
    const out =
      item.kind === 'line'
        ? toJson(item.text, bot.ask(item.text))
        : {
            line: n,
            status: 'error',
            code: 'line_too_long',
            message: `line ${n} has ${item.bytes} bytes, over the ${MAX_LINE_BYTES}-byte limit: not answered`,
          };
    // Waiting for a full pipe to drain keeps memory flat however fast the input arrives.
    if (!process.stdout.write(`${JSON.stringify(out)}\n`)) await once(process.stdout, 'drain');
  }
}

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseAskArgs>;
  try {
    args = parseAskArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`ask: ${err.message}\n${ASK_USAGE}\n`);
    return 2;
  }
  const knowledge = await loadKnowledgeFast(process.env.KNOWLEDGE_DIR || undefined);
  const bot = createBot({
    knowledge,
    languages: openLanguages(knowledge, createLogger('error')),
    clock: args.now ? new ManualClock(args.now) : systemClock,
    // Answers go to stdout; a recovered failure is one JSON line on stderr.
    onError: reportCoreErrors(createLogger('error')),
  });
  if (args.mode === 'jsonl') {
    await answerLines(bot);
  } else {
    const { reply, text } = answerPlain(bot, args.question, process.env.LANG);
    process.stdout.write(
      args.mode === 'json' ? `${JSON.stringify(toJson(args.question, reply))}\n` : `${text}\n`,
    );
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ask: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
