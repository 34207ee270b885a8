// One running Slack adapter per test: the real bot over the real knowledge base, Bolt's real receiver
// (HTTP or Socket Mode) on 127.0.0.1, and the Slack stand-in its Web API calls go to.
import { type SlackHandle, type StartSlackOptions, startSlack } from '../../../adapters/slack/app.js';
import type { Bot } from '../../../src/core/bot-types.js';
import { ManualClock } from '../../../src/core/clock.js';
import { createBot, type Knowledge, loadKnowledge } from '../../../src/core/index.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { FakeSlack } from './fake-slack.js';
import {
  type BoltResponse,
  postToBolt,
  SIGNING_SECRET,
  type Signing,
  type SlackRequest,
} from './requests.js';

export const BOT_TOKEN = 'xoxb-loopback-bot-token';
export const APP_TOKEN = 'xapp-loopback-app-token';
/** A moment before the policy's start date, so the deadline answer counts down. */
export const NOW = '2025-10-20T09:00:00Z';

let knowledge: Knowledge | undefined;
export function realBot(clock: ManualClock): Bot {
  knowledge ??= loadKnowledge();
  return createBot({ knowledge, clock });
}

/** The real bot, recording which of its methods were called (to prove a request never reached it). */
function recording(bot: Bot, calls: string[]): Bot {
  return new Proxy(bot, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      // Only answers are recorded: saying a notice or telling a question's language answers nothing.
      if (prop === 'say' || prop === 'languageOf') return value.bind(target);
      return (...args: unknown[]) => {
        calls.push(String(prop));
        return value.apply(target, args);
      };
    },
  });
}

export interface Harness {
  fake: FakeSlack;
  slack: SlackHandle;
  /** The same bot the adapter uses, unrecorded: what a test expects to see rendered. */
  bot: Bot;
  /** Names of the bot methods the adapter called, in order. */
  coreCalls: string[];
  clock: ManualClock;
  logger: ReturnType<typeof createMemoryLogger>;
  /** POST to the app's /slack/events, signed unless told otherwise. */
  send(request: SlackRequest, signing?: Signing): Promise<BoltResponse>;
  url(path: string): string;
  close(): Promise<void>;
}

export interface HarnessOptions
  extends Partial<
    Pick<StartSlackOptions, 'announcements' | 'cooldown' | 'health' | 'healthz' | 'tuning' | 'insights'>
  > {
  mode?: 'http' | 'socket';
  /** SLACK_API_URL, when it should not be the stand-in's. */
  apiUrl?: string;
  /** Adjust the stand-in before the adapter starts (e.g. make Slack reject a token). */
  prepare?: (fake: FakeSlack) => void;
  /** The bot on the harness clock, when not the English-only real bot (e.g. the multilingual one). */
  bot?: (clock: ManualClock) => Bot;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeSlack.start();
  opts.prepare?.(fake);
  const clock = new ManualClock(NOW);
  const bot = opts.bot?.(clock) ?? realBot(clock);
  const coreCalls: string[] = [];
  const logger = createMemoryLogger();
  const socket = opts.mode === 'socket';
  let slack: SlackHandle;
  try {
    slack = await startSlack({
      config: {
        botToken: BOT_TOKEN,
        signingSecret: socket ? undefined : SIGNING_SECRET,
        appToken: socket ? APP_TOKEN : undefined,
        apiUrl: opts.apiUrl ?? fake.apiUrl,
        announceAdmins: [],
        port: 0,
        host: '127.0.0.1',
      },
      bot: recording(bot, coreCalls),
      logger,
      clock,
      announcements: opts.announcements,
      cooldown: opts.cooldown,
      health: opts.health,
      healthz: opts.healthz,
      tuning: opts.tuning,
      insights: opts.insights,
    });
  } catch (error) {
    await fake.close();
    throw error;
  }
  const url = (path: string) => `http://127.0.0.1:${slack.port}${path}`;
  return {
    fake,
    slack,
    bot,
    coreCalls,
    clock,
    logger,
    url,
    send: (request, signing) => postToBolt(url('/slack/events'), request, signing),
    close: async () => {
      // The app first: a Socket Mode client left connected keeps a close timer (and the process) alive.
      await slack.stop();
      await fake.close();
    },
  };
}

type Json = Record<string, unknown>;

/** Every `text` string anywhere in a message's blocks (sections, contexts, buttons, headers). */
export function textsIn(blocks: unknown): string[] {
  if (Array.isArray(blocks)) return blocks.flatMap(textsIn);
  if (typeof blocks !== 'object' || blocks === null) return [];
  return Object.entries(blocks as Json).flatMap(([key, value]) =>
    key === 'text' && typeof value === 'string' ? [value] : textsIn(value),
  );
}

export interface FoundButton {
  action_id: string;
  value?: string;
  url?: string;
  text: { text: string };
}

export function buttonsIn(blocks: unknown): FoundButton[] {
  if (!Array.isArray(blocks)) return [];
  return (blocks as Json[]).flatMap((b) =>
    b.type === 'actions'
      ? ((b.elements as Json[]).filter((e) => e.type === 'button') as unknown as FoundButton[])
      : [],
  );
}

/** Resolve with the first log line `match` accepts, polling (log lines do not wake the stand-in's waits). */
export async function logLine(
  h: Pick<Harness, 'logger'>,
  match: (line: Record<string, unknown>) => boolean,
  timeoutMs = 3000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = h.logger.lines.find(match);
    if (line) return line;
    if (Date.now() > deadline) throw new Error('timed out waiting for a log line');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
