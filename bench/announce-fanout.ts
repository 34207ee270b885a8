// Fan-out benchmark: one occurrence to N subscriptions (half Slack over several workspaces, half Discord),
// through the real scheduler, runner and SQLite store, against rate-limited loopback stand-ins. Reports
// the time against the rate-limit floor (the least time the limits allow) and the deliveries, which must
// be exactly N. Run alone: `npm run build && node dist/bench/announce-fanout.js [N]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, type IncomingHttpHeaders, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderPlain } from '../adapters/cli/render.js';
import {
  AnnouncementScheduler,
  composeWithBot,
  DeliveryRunner,
  loadSchedules,
  openSqliteStore,
  PostError,
  type Poster,
} from '../src/announce/index.js';
import { createBot } from '../src/bot.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { defaultLimits, type StandInLimits, startStandIns } from './announce-standins.js';

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
  limits: StandInLimits & { slackWorkspaces: number };
}

// node:http with a keep-alive pool, like the platform SDKs' own HTTP clients.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

function postJson(url: string, authorization: string, payload: unknown): Promise<HttpAnswer> {
  const data = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        timeout: 10_000,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          authorization,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
          } catch {}
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err) => reject(new PostError('transient', err.message, { ambiguous: true })));
    req.end(data);
  });
}

function slackPoster(base: string): Poster {
  return {
    async post(target, _occurrence, payload, { idempotencyKey }) {
      const res = await postJson(
        `${base}/slack/api/chat.postMessage`,
        `Bearer xoxb-bench-${target.workspaceId}`,
        {
          channel: target.channelId,
          text: renderPlain(payload, { sources: false }),
          metadata: { event_type: 'optout_announcement', event_payload: { key: idempotencyKey } },
        },
      );
      const body = res.body;
      if (res.status === 429) {
        const seconds = Number(res.headers['retry-after'] ?? 1);
        throw new PostError('rate-limited', 'ratelimited', {
          retryAfterMs: seconds * 1_000,
          scope: 'workspace',
        });
      }
      if (res.status >= 500) throw new PostError('transient', `HTTP ${res.status}`);
      if (body.ok !== true) throw new PostError('gone', String(body.error));
      return { messageRef: String(body.ts) };
    },
  };
}

function discordPoster(base: string): Poster {
  return {
    async post(target, _occurrence, payload, { idempotencyKey }) {
      const res = await postJson(
        `${base}/discord/api/v10/channels/${target.channelId}/messages`,
        'Bot bench-token',
        {
          content: renderPlain(payload, { sources: false }).slice(0, 2_000),
          nonce: idempotencyKey,
          enforce_nonce: true,
        },
      );
      const body = res.body;
      if (res.status === 429) {
        throw new PostError('rate-limited', 'rate limited', {
          retryAfterMs: Number(body.retry_after ?? 1) * 1_000,
          scope: body.global ? 'bot' : 'channel',
        });
      }
      if (res.status >= 500) throw new PostError('transient', `HTTP ${res.status}`);
      if (res.status !== 200)
        throw new PostError(res.status === 404 ? 'gone' : 'forbidden', String(body.message));
      return { messageRef: String(body.id) };
    },
    repeatIsDroppedWithinMs: 60_000,
  };
}

/** The least time fixed 1-second windows allow: the last window a lane needs starts (windows - 1) s in. */
function floorMs(perKey: Iterable<number>, limit: number): number {
  let worst = 0;
  for (const count of perKey) worst = Math.max(worst, (Math.ceil(count / limit) - 1) * 1_000);
  return worst;
}

export async function benchFanout(options: FanoutOptions = {}): Promise<FanoutResult> {
  const total = options.subscriptions ?? 10_000;
  const workspaces = options.slackWorkspaces ?? 10;
  const limits = { ...defaultLimits, ...options.limits };
  const dir = mkdtempSync(path.join(tmpdir(), 'optout-bench-fanout-'));
  const store = openSqliteStore(path.join(dir, 'bench.sqlite'));
  const standIns = await startStandIns(limits);
  const base = standIns.url;
  try {
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
    // 30 seconds after 09:00 in Berlin on the start date: the day-of announcement is due for everyone.
    const start = new Date('2025-11-03T08:00:30Z').getTime();
    const t0 = Date.now();
    const clock = { now: () => new Date(start + (Date.now() - t0)) };
    const knowledge = loadKnowledge();
    const runner = new DeliveryRunner({
      store,
      posters: { slack: slackPoster(base), discord: discordPoster(base) },
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
      limits: { ...limits, slackWorkspaces: workspaces },
    };
  } finally {
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
    `${r.requests} requests, ${r.rateLimited} answered 429`
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
