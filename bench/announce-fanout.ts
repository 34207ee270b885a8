// Fan-out benchmark: one occurrence to N subscriptions (half Slack over several workspaces, half Discord),
// through the real scheduler, runner, SQLite store and the adapters' own posters (createSlackPoster on
// Slack's Web API client, createDiscordPoster on discord.js REST), against the tests' FakeSlack and
// FakeDiscord with their rate limits on (tests/support/fanout-standins.ts).
// Reports the time against the rate-limit floor (the least time the limits allow) and the deliveries, which
// must be exactly N. Run alone: `npm run bench:build && node .build/bench/announce-fanout.js [N]`.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDiscordPoster, type DiscordPoster } from '../adapters/discord/announce-poster.js';
import { createSlackPoster } from '../adapters/slack/announce-poster.js';
import {
  AnnouncementScheduler,
  type AnnouncementStore,
  composeWithBot,
  DeliveryRunner,
  loadSchedules,
  openSqliteStore,
  PostError,
  type Poster,
} from '../src/announce/index.js';
import { createBot, loadKnowledge, silentLogger } from '../src/core/index.js';
import { defaultLimits, type StandInLimits, startStandIns } from '../tests/support/fanout-standins.js';

export interface FanoutOptions {
  subscriptions?: number;
  /** Slack subscriptions are spread over this many workspaces (each has its own limit). */
  slackWorkspaces?: number;
  limits?: Partial<StandInLimits>;
  /** Posts in flight per platform. */
  concurrency?: number;
}

export interface FanoutResult {
  subscriptions: number;
  delivered: number;
  /** Channels that got more than one post: must be 0. */
  duplicates: number;
  elapsedMs: number;
  floorMs: number;
  ratio: number;
  requests: number;
  rateLimited: number;
  /** When each platform's last post landed (ms after the start): which limit bound the run. */
  lastPostMs: { slack: number; discord: number };
  standIns: 'worker' | 'inline';
  /** The process's peak resident set size (MB), stand-ins included when they run as a worker thread. */
  peakRssMb: number;
  limits: StandInLimits & { slackWorkspaces: number };
}

/** The bot token of a bench workspace: the stand-in knows each token's workspace, as Slack does. */
export const slackToken = (workspaceId: string) => `xoxb-bench-${workspaceId}`;
export const DISCORD_TOKEN = 'bench-token';

/**
 * Slack through the shipped poster. One createSlackPoster holds one bot token, i.e. one workspace (a
 * deployment per workspace, or one per installation); the bench models several workspaces with one poster
 * each and routes each post by its target's workspace.
 */
export function slackPosters(apiUrl: string, workspaceIds: Iterable<string>): Poster {
  const byWorkspace = new Map<string, Poster>();
  for (const id of workspaceIds) {
    byWorkspace.set(
      id,
      createSlackPoster({ config: { botToken: slackToken(id), apiUrl }, logger: silentLogger }),
    );
  }
  const posterFor = (workspaceId: string): Poster => {
    const poster = byWorkspace.get(workspaceId);
    if (!poster) throw new PostError('forbidden', `no Slack token for workspace ${workspaceId}`);
    return poster;
  };
  return {
    post: async (target, occurrence, payload, options) =>
      posterFor(target.workspaceId).post(target, occurrence, payload, options),
    findPosted: async (target, key) =>
      (await posterFor(target.workspaceId).findPosted?.(target, key)) ?? 'unknown',
  };
}

/** The least time fixed 1-second windows allow: the last window a lane needs starts (windows - 1) s in. */
export function floorMs(perKey: Iterable<number>, limit: number): number {
  let worst = 0;
  for (const count of perKey) worst = Math.max(worst, (Math.ceil(count / limit) - 1) * 1_000);
  return worst;
}

/**
 * Discord through the shipped poster. The stand-in's bot-wide limit is a large bot's raised one, configured
 * as a bot with it would be: the REST client then paces itself and hands its own "global limit reached"
 * back as a bot-wide PostError, so Discord answers (almost) no 429s. Its windows start at the first request
 * after the last one ended, plus a 50 ms safety offset, so each costs about 1.05 s rather than 1 s.
 */
export function benchDiscordPoster(apiUrl: string, perSecond: number): DiscordPoster {
  return createDiscordPoster({
    config: {
      token: DISCORD_TOKEN,
      applicationId: '100000000000000042',
      guildId: undefined,
      apiUrl,
      sharding: 'off',
    },
    logger: silentLogger,
    globalRequestsPerSecond: perSecond,
  });
}

/** Half Slack (spread over `workspaces` workspaces, T0..), half Discord (one guild), all due together. */
export async function subscribeFanout(
  store: AnnouncementStore,
  total: number,
  workspaces: number,
): Promise<{ slackPerWorkspace: Map<string, number>; discordCount: number }> {
  const slackPerWorkspace = new Map<string, number>();
  let discordCount = 0;
  for (let i = 0; i < total; i++) {
    const slack = i % 2 === 0;
    const workspaceId = slack ? `T${(i / 2) % workspaces}` : '100000000000000001';
    if (slack) slackPerWorkspace.set(workspaceId, (slackPerWorkspace.get(workspaceId) ?? 0) + 1);
    else discordCount++;
    await store.subscribe(
      {
        platform: slack ? 'slack' : 'discord',
        workspaceId,
        channelId: slack ? `C${i}` : String(200000000000000000n + BigInt(i)),
        schedule: 'default',
        timeZone: 'Europe/Berlin',
        subscribedBy: 'U0',
      },
      new Date('2025-10-01T00:00:00Z'),
    );
  }
  return { slackPerWorkspace, discordCount };
}

export async function benchFanout(options: FanoutOptions = {}): Promise<FanoutResult> {
  const total = options.subscriptions ?? 10_000;
  const workspaces = options.slackWorkspaces ?? 10;
  const limits = { ...defaultLimits, ...options.limits };
  const dir = mkdtempSync(path.join(tmpdir(), 'optout-bench-fanout-'));
  const store = openSqliteStore(path.join(dir, 'bench.sqlite'));
  const workspaceIds = Array.from({ length: workspaces }, (_, i) => `T${i}`);
  const standIns = await startStandIns({
    limits,
    slackTokens: Object.fromEntries(workspaceIds.map((id) => [slackToken(id), id])),
    discordToken: DISCORD_TOKEN,
  });
  let discord: DiscordPoster | undefined;
  try {
    const { slackPerWorkspace, discordCount } = await subscribeFanout(store, total, workspaces);
    // 30 seconds after 09:00 in Berlin on the start date: the day-of announcement is due for everyone.
    const start = new Date('2025-11-03T08:00:30Z').getTime();
    const t0 = Date.now();
    const clock = { now: () => new Date(start + (Date.now() - t0)) };
    const knowledge = loadKnowledge();
    discord = benchDiscordPoster(standIns.discordApiUrl, limits.discordPerSecond);
    const runner = new DeliveryRunner({
      store,
      posters: { slack: slackPosters(standIns.slackApiUrl, slackPerWorkspace.keys()), discord },
      compose: composeWithBot((c) => createBot({ knowledge, clock: c })),
      clock,
      concurrency: options.concurrency ?? 32,
    });
    const schedules = loadSchedules();
    const dates = createBot({ knowledge }).dates();
    const scheduler = new AnnouncementScheduler({ store, runner, schedules, dates, clock });

    await standIns.reset();
    const began = performance.now();
    await scheduler.tick();
    const elapsedMs = performance.now() - began;

    const stats = await standIns.stats();
    const counts = stats.posts;
    const floor = Math.max(
      floorMs(slackPerWorkspace.values(), limits.slackPerWorkspacePerSecond),
      floorMs([discordCount], limits.discordPerSecond),
    );
    return {
      subscriptions: total,
      delivered: counts.reduce((a, b) => a + b, 0),
      duplicates: counts.filter((c) => c > 1).length,
      elapsedMs: Math.round(elapsedMs),
      floorMs: floor,
      ratio: floor > 0 ? Math.round((elapsedMs / floor) * 100) / 100 : Number.NaN,
      requests: stats.requests,
      rateLimited: stats.rateLimited,
      lastPostMs: stats.lastPostMs,
      standIns: standIns.mode,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      limits: { ...limits, slackWorkspaces: workspaces },
    };
  } finally {
    discord?.destroy();
    await store.close();
    await standIns.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One line for `npm run bench`. */
export function formatFanout(r: FanoutResult): string {
  return (
    `announce fan-out: ${r.delivered}/${r.subscriptions} delivered (${r.duplicates} duplicates) in ` +
    `${(r.elapsedMs / 1000).toFixed(1)} s; rate-limit floor ${(r.floorMs / 1000).toFixed(1)} s; ratio ${r.ratio}; ` +
    `${r.requests} requests, ${r.rateLimited} answered 429; peak RSS ${r.peakRssMb} MB`
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = Number(process.argv[2] ?? 10_000);
  benchFanout({ subscriptions: n }).then(
    (r) => process.stdout.write(`${formatFanout(r)}\n${JSON.stringify(r)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
