// The platforms for the fan-out benchmark: the same FakeSlack and FakeDiscord the adapter tests use, with
// their rate limits on, checking bot tokens (each Slack token is one workspace, which Slack keys its
// per-app limits by) and keeping counts instead of every call. The real posters speak to them: Slack's Web
// API client (form fields, Retry-After in whole seconds) and discord.js REST (fractional `retry_after`,
// `global`, the X-RateLimit-* headers), both on 127.0.0.1 only.
//
// When compiled, they run in a worker thread, so they get their own event loop (and core) as real
// platforms would, and the bench measures the bot, not a shared loop. From TypeScript sources (vitest)
// they run inline.
import { once } from 'node:events';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { FakeDiscord } from './discord/fake-discord.js';
import { FakeSlack } from './slack/fake-slack.js';

export interface StandInLimits {
  /** Slack: posts per workspace per 1-second window (per app, per workspace). */
  slackPerWorkspacePerSecond: number;
  /** Slack: one post per channel per second. */
  slackPerChannelMs: number;
  /** Discord: message posts per 1-second window for the whole bot (the global limit). */
  discordPerSecond: number;
  /** Discord: per-channel route bucket, 5 messages per 5 seconds. */
  discordPerChannel: { count: number; windowMs: number };
}

export const defaultLimits: StandInLimits = {
  slackPerWorkspacePerSecond: 40,
  slackPerChannelMs: 1_000,
  discordPerSecond: 400,
  discordPerChannel: { count: 5, windowMs: 5_000 },
};

export interface StandInConfig {
  limits: StandInLimits;
  /** Slack bot tokens and the workspace (team id) each belongs to; any other token is invalid_auth. */
  slackTokens: Record<string, string>;
  /** The Discord bot token the stand-in accepts. */
  discordToken: string;
}

export interface StandInStats {
  /** Accepted posts per channel, Slack's and Discord's. */
  posts: number[];
  requests: number;
  rateLimited: number;
  /** When each platform accepted its last post, in ms after the windows were reset. */
  lastPostMs: { slack: number; discord: number };
}

const standInConfig = z.object({
  limits: z.object({
    slackPerWorkspacePerSecond: z.number(),
    slackPerChannelMs: z.number(),
    discordPerSecond: z.number(),
    discordPerChannel: z.object({ count: z.number(), windowMs: z.number() }),
  }),
  slackTokens: z.record(z.string(), z.string()),
  discordToken: z.string(),
}) satisfies z.ZodType<StandInConfig>;

const urlsMessage = z.object({ type: z.literal('urls'), slackApiUrl: z.string(), discordApiUrl: z.string() });
const statsMessage = z.object({
  type: z.literal('stats'),
  posts: z.array(z.number()),
  requests: z.number(),
  rateLimited: z.number(),
  lastPostMs: z.object({ slack: z.number(), discord: z.number() }),
});

class FanoutStandIns {
  private constructor(
    readonly slack: FakeSlack,
    readonly discord: FakeDiscord,
  ) {}

  static async start(config: StandInConfig): Promise<FanoutStandIns> {
    const { limits } = config;
    const slack = await FakeSlack.start({
      limits: {
        perWorkspacePerSecond: limits.slackPerWorkspacePerSecond,
        perChannelMs: limits.slackPerChannelMs,
      },
      tokens: config.slackTokens,
      recordCalls: false,
    });
    const discord = await FakeDiscord.start({
      token: config.discordToken,
      limits: { perSecond: limits.discordPerSecond, perChannel: limits.discordPerChannel },
      recordCalls: false,
    });
    return new FanoutStandIns(slack, discord);
  }

  reset(): void {
    this.slack.resetWindows();
    this.discord.resetWindows();
  }

  stats(): StandInStats {
    return {
      posts: [...this.slack.postsPerChannel().values(), ...this.discord.postsPerChannel().values()],
      requests: this.slack.counts.requests + this.discord.counts.requests,
      rateLimited: this.slack.counts.rateLimited + this.discord.counts.rateLimited,
      lastPostMs: { slack: this.slack.counts.lastPostMs, discord: this.discord.counts.lastPostMs },
    };
  }

  async stop(): Promise<void> {
    await Promise.all([this.slack.close(), this.discord.close()]);
  }
}

// In the worker: messages reset, stats and stop; answers { type, ... }.
const workerConfig = isMainThread ? undefined : standInConfig.safeParse(workerData).data;
if (workerConfig && parentPort) {
  const port = parentPort;
  void FanoutStandIns.start(workerConfig).then((standIns) => {
    port.on('message', (msg: unknown) => {
      if (msg === 'reset') {
        standIns.reset();
        port.postMessage({ type: 'reset' });
      } else if (msg === 'stats') {
        port.postMessage({ type: 'stats', ...standIns.stats() });
      } else if (msg === 'stop') {
        void standIns.stop().then(() => port.close());
      }
    });
    port.postMessage({
      type: 'urls',
      slackApiUrl: standIns.slack.apiUrl,
      discordApiUrl: standIns.discord.apiUrl,
    });
  });
}

export interface StandInHandle {
  /** Slack's Web API base (ends with a slash). */
  slackApiUrl: string;
  /** The base discord.js appends `/v10` to. */
  discordApiUrl: string;
  /** Where the stand-ins run: a worker thread when compiled, inline when run from TypeScript sources. */
  mode: 'worker' | 'inline';
  /** Start every rate-limit window now. */
  reset(): Promise<void>;
  stats(): Promise<StandInStats>;
  stop(): Promise<void>;
}

export async function startStandIns(config: StandInConfig): Promise<StandInHandle> {
  if (!import.meta.url.endsWith('.js')) {
    const inline = await FanoutStandIns.start(config);
    return {
      slackApiUrl: inline.slack.apiUrl,
      discordApiUrl: inline.discord.apiUrl,
      mode: 'inline',
      reset: async () => inline.reset(),
      stats: async () => inline.stats(),
      stop: () => inline.stop(),
    };
  }
  const worker = new Worker(new URL(import.meta.url), { workerData: config });
  const next = <T>(parse: (msg: unknown) => T | undefined) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (msg: unknown) => {
        const parsed = parse(msg);
        if (parsed === undefined) return;
        worker.off('message', onMessage);
        resolve(parsed);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  const isReset = (msg: unknown) =>
    z.object({ type: z.literal('reset') }).safeParse(msg).success || undefined;
  const urls = await next((msg) => urlsMessage.safeParse(msg).data);
  return {
    slackApiUrl: urls.slackApiUrl,
    discordApiUrl: urls.discordApiUrl,
    mode: 'worker',
    reset: async () => {
      const done = next(isReset);
      worker.postMessage('reset');
      await done;
    },
    stats: async () => {
      const answer = next((msg) => statsMessage.safeParse(msg).data);
      worker.postMessage('stats');
      const { type: _type, ...stats } = await answer;
      return stats;
    },
    stop: async () => {
      const exited = once(worker, 'exit');
      worker.postMessage('stop');
      await exited;
    },
  };
}
