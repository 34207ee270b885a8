import { CodedError } from '../src/core/index.js';
// Flags for `npm run ask`. Parsed by hand (three flags) so a bad one gets a precise message and exit code 2.

export interface AskArgs {
  mode: 'text' | 'json' | 'jsonl';
  now: Date | undefined;
  question: string;
}

export class UsageError extends CodedError {
  constructor(message: string) {
    super('usage', message);
  }
}

export const ASK_USAGE = `Usage: npm run ask -- [--json | --jsonl] [--now ISO-8601] "question"
  --json         print one JSON object
  --jsonl        read one question per line on stdin, write one JSON object per line
                 (a line over 16 KiB gets {"status":"error","code":"line_too_long",...})
  --now ISO      answer as of that moment (e.g. 2025-10-27 or 2025-10-27T09:00:00Z)`;

export function parseNow(value: string | undefined): Date {
  if (!value || !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    throw new UsageError(
      `--now needs an ISO-8601 date or time such as 2025-10-27T09:00:00Z, got "${value ?? ''}"`,
    );
  }
  const date = new Date(/T|\s/.test(value) ? value : `${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--now: "${value}" is not a real date`);
  return date;
}

export function parseAskArgs(argv: readonly string[]): AskArgs {
  let mode: AskArgs['mode'] = 'text';
  let now: Date | undefined;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--json' || arg === '--jsonl') {
      if (mode !== 'text') throw new UsageError('use only one of --json and --jsonl');
      mode = arg === '--json' ? 'json' : 'jsonl';
    } else if (arg === '--now') {
      now = parseNow(argv[++i]);
    } else if (arg.startsWith('--now=')) {
      now = parseNow(arg.slice(6));
    } else if (arg === '--') {
      words.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('--')) {
      throw new UsageError(`unknown flag ${arg}`);
    } else {
      words.push(arg);
    }
  }
  const question = words.join(' ');
  if (mode === 'jsonl' && question)
    throw new UsageError('--jsonl reads questions from stdin; pass no question');
  if (mode !== 'jsonl' && !question.trim()) throw new UsageError('no question given');
  return { mode, now, question };
}
