// `npm run ask`: answers from scripts. Plain text by default, --json for one object, --jsonl for a stream.
import { createInterface } from 'node:readline';
import { createBot } from '../../src/bot.js';
import type { Bot } from '../../src/bot-types.js';
import { ManualClock, systemClock } from '../../src/clock.js';
import { loadKnowledgeFast } from '../../src/knowledge/snapshot.js';
import { ASK_USAGE, parseAskArgs, UsageError } from './args.js';
import { renderPlain, toJson } from './render.js';

async function answerLines(bot: Bot): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) {
    process.stdout.write(`${JSON.stringify(toJson(line, bot.ask(line)))}\n`);
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
  const bot = createBot({
    knowledge: await loadKnowledgeFast(),
    clock: args.now ? new ManualClock(args.now) : systemClock,
  });
  if (args.mode === 'jsonl') {
    await answerLines(bot);
  } else {
    const reply = bot.ask(args.question);
    process.stdout.write(
      args.mode === 'json' ? `${JSON.stringify(toJson(args.question, reply))}\n` : `${renderPlain(reply)}\n`,
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
