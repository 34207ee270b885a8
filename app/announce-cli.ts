// `npm run announce -- preview [--now ISO] [--schedule NAME] [--tz ZONE] [--language CODE] [--count N]`:
//   the coming announcements of a schedule in a time zone, each with the text the core would post at that
//   moment, in that language.
// `npm run announce -- list`: the subscriptions in the bot's database (DATABASE_URL when set, else
//   DATABASE_PATH), their language, state and next announcement.

import 'dotenv/config';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { renderPlain } from '../adapters/terminal/index.js';
import {
  canonicalTimeZone,
  composeWithBot,
  DEFAULT_LANGUAGE,
  describeOccurrence,
  formatLocal,
  languageLabel,
  loadSchedules,
  messagesIn,
  nextOccurrences,
  readLanguage,
  type Schedules,
  SUBSCRIPTION_LANGUAGES,
  schedulesPath,
} from '../src/announce/index.js';
import { createBot, loadKnowledge } from '../src/core/index.js';
import { parseNow, UsageError } from './args.js';
import { loadConfig, type Settings } from './config.js';
import { openLanguages } from './languages.js';
import { openAnnouncementStore } from './store.js';

const USAGE = `Usage: npm run announce -- preview [--now ISO] [--schedule NAME] [--tz ZONE] [--language CODE]
                                   [--count N]
       npm run announce -- list
  preview     the coming announcements and their texts
    --now     preview from this moment (default: now), e.g. 2025-10-01 or 2025-10-01T09:00:00Z
    --schedule  a schedule from knowledge/schedules.yaml (default: default)
    --tz      an IANA time zone such as Europe/Berlin (default: UTC)
    --language  ${SUBSCRIPTION_LANGUAGES.map((l) => l.code).join(', ')} or a language's name (default: en)
    --count   how many announcements (default: 8)
  list        subscriptions in DATABASE_URL (or DATABASE_PATH) with their language, state and next
              announcement`;

interface PreviewArgs {
  now: Date;
  schedule: string;
  timeZone: string;
  language: string;
  count: number;
}

function parsePreview(argv: readonly string[]): PreviewArgs {
  const args: PreviewArgs = {
    now: new Date(),
    schedule: 'default',
    timeZone: 'UTC',
    language: DEFAULT_LANGUAGE,
    count: 8,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag = '', inline] = (argv[i] ?? '').split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--now') args.now = parseNow(value());
    else if (flag === '--schedule') args.schedule = value();
    else if (flag === '--tz') {
      const typed = value();
      const zone = canonicalTimeZone(typed);
      if (!zone) throw new UsageError(`--tz: "${typed}" is not an IANA time zone (e.g. Europe/Berlin)`);
      args.timeZone = zone;
    } else if (flag === '--language') {
      const typed = value();
      const language = readLanguage(typed);
      if (!language) {
        const codes = SUBSCRIPTION_LANGUAGES.map((l) => l.code).join(', ');
        throw new UsageError(`--language: "${typed}" is not a language the bot speaks (${codes})`);
      }
      args.language = language;
    } else if (flag === '--count') {
      args.count = Number(value());
      if (!Number.isInteger(args.count) || args.count < 1 || args.count > 100) {
        throw new UsageError('--count needs a whole number from 1 to 100');
      }
    } else throw new UsageError(`unknown argument ${argv[i]}`);
  }
  return args;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `    ${line}` : ''))
    .join('\n');
}

function preview(args: PreviewArgs, schedules: Schedules, knowledgeDir: string | undefined): string {
  const schedule = schedules.get(args.schedule);
  if (!schedule) {
    throw new UsageError(`no schedule "${args.schedule}"; schedules: ${[...schedules.keys()].join(', ')}`);
  }
  const knowledge = loadKnowledge(knowledgeDir);
  const languages = openLanguages(knowledge);
  const compose = composeWithBot((clock) => createBot({ knowledge, languages, clock }));
  // The operator's own lines are English; each announcement below is in the subscription's language.
  const english = messagesIn(createBot({ knowledge }));
  const dates = { ...knowledge.dates };
  const list = nextOccurrences(schedule, dates, args.timeZone, args.now, args.count);
  const language = languageLabel(args.language);
  const out = [
    `Schedule "${schedule.name}" in ${args.timeZone}, ${language}, after ${args.now.toISOString()}:`,
    schedule.description,
    '',
  ];
  if (list.length === 0) out.push('No more announcements.');
  list.forEach((o, i) => {
    out.push(
      `${i + 1}. ${formatLocal(o.at, o.timeZone)} · ${describeOccurrence(o, english)} · ${o.at.toISOString()}`,
    );
    const text = compose(o, o.at, { language: args.language });
    out.push(indent(renderPlain(text, { sources: false })), '');
  });
  return out.join('\n');
}

async function list(
  settings: Pick<Settings, 'databasePath' | 'databaseUrl'>,
  schedules: Schedules,
  knowledgeDir: string | undefined,
): Promise<string> {
  const file = path.resolve(settings.databasePath);
  // Listing must not create a database file as a side effect. (A Postgres database exists already; opening
  // it only adds the bot's tables if they are missing.)
  if (settings.databaseUrl === undefined && !existsSync(file))
    return `No database at ${file} yet: no subscriptions.`;
  const { store, kind, where } = await openAnnouncementStore({ ...settings, databasePath: file });
  const title = kind === 'sqlite' ? file : where;
  try {
    const subs = await store.listSubscriptions();
    const dates = { ...loadKnowledge(knowledgeDir).dates };
    const now = new Date();
    const rows = subs.map((s) => {
      const schedule = schedules.get(s.schedule) ?? schedules.get('default');
      const next = schedule && nextOccurrences(schedule, dates, s.timeZone, now, 1)[0];
      const state = s.state === 'paused' ? `paused: ${s.pausedReason ?? 'no reason recorded'}` : 'active';
      const when =
        s.state === 'active'
          ? next
            ? `next ${formatLocal(next.at, s.timeZone)}`
            : 'no more announcements'
          : '';
      const where = `${s.workspaceId}/${s.channelId}`;
      return [`#${s.id}`, s.platform, where, s.schedule, s.timeZone, s.language, state, when];
    });
    const widths = rows.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
    const lines = rows.map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
    return [`${title}: ${subs.length} subscription${subs.length === 1 ? '' : 's'}`, ...lines].join('\n');
  } finally {
    await store.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'preview') {
      const args = parsePreview(rest);
      const config = loadConfig();
      process.stdout.write(
        `${preview(args, loadSchedules(schedulesPath(config.knowledgeDir)), config.knowledgeDir)}\n`,
      );
      return 0;
    }
    if (command === 'list') {
      if (rest.length > 0) throw new UsageError(`list takes no arguments, got ${rest.join(' ')}`);
      const config = loadConfig();
      const schedules = loadSchedules(schedulesPath(config.knowledgeDir));
      process.stdout.write(`${await list(config, schedules, config.knowledgeDir)}\n`);
      return 0;
    }
    throw new UsageError(command ? `unknown command ${command}` : 'no command given');
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`announce: ${err.message}\n${USAGE}\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`announce: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
