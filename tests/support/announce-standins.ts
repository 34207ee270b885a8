// Loopback stand-ins for Slack's chat.postMessage and Discord's create-message endpoint (127.0.0.1 only),
// spoken to by the real posters (Slack's Web API client, discord.js REST). They take the requests as those
// clients send them, enforce rate limits shaped like the real ones and answer 429 the way each platform
// does: Slack keyed by the bot token's workspace, with a whole-seconds Retry-After header; Discord with a
// fractional `retry_after`, `global`, and the X-RateLimit-* headers discord.js reads.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { text } from 'node:stream/consumers';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { z } from 'zod';

export interface StandInLimits {
  /** Slack: posts per workspace per 1-second window (per app, per workspace). */
  slackPerWorkspacePerSecond: number;
  /** Slack: one post per channel per second. */
  slackPerChannelMs: number;
  /** Discord: requests per 1-second window for the whole bot (the global limit). */
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

/** Answers with JSON; `serialized` when the payload is already a JSON string. */
type Json = (
  status: number,
  payload: unknown,
  headers?: Record<string, string>,
  serialized?: boolean,
) => void;

/** Discord's snowflake epoch (2015-01-01). */
const DISCORD_EPOCH = 1_420_070_400_000;

const jsonRecord = z.record(z.string(), z.unknown());

/** A JSON request body that is an object; any other JSON reads as an empty object. */
function jsonObject(value: unknown): Record<string, unknown> {
  return jsonRecord.safeParse(value).data ?? {};
}

/** A form field Slack takes as a JSON string (blocks, metadata): undefined if absent, null if not JSON. */
function parseField(value: unknown): unknown {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

export interface StandInStats {
  /** Accepted posts per "platform:channel". */
  posts: Map<string, number>;
  requests: number;
  rateLimited: number;
  /** When each platform accepted its last post, in ms after the windows were reset. */
  lastPostMs: { slack: number; discord: number };
}

export class PlatformStandIns {
  readonly stats: StandInStats = {
    posts: new Map(),
    requests: 0,
    rateLimited: 0,
    lastPostMs: { slack: 0, discord: 0 },
  };
  #server: Server | undefined;
  #epoch = Date.now();
  readonly #windows = new Map<string, { index: number; count: number }>();
  readonly #lastSlack = new Map<string, number>();
  readonly #discordRoute = new Map<string, number[]>();
  /** The message created for each "channel:nonce", serialized (compact: it counts towards the bench's RSS). */
  readonly #nonces = new Map<string, string>();

  constructor(readonly limits: StandInLimits = defaultLimits) {}

  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch(() => res.destroy());
    });
    this.#server.keepAliveTimeout = 30_000;
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('the stand-ins have no TCP port');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Start the 1-second windows now, so the rate-limit floor is measured from the same moment. */
  resetWindows(): void {
    this.#epoch = Date.now();
    this.#windows.clear();
  }

  /** Count a request in a fixed window; returns ms until the window ends if the limit is reached. */
  #take(key: string, limit: number): number | undefined {
    const elapsed = Date.now() - this.#epoch;
    const index = Math.floor(elapsed / 1_000);
    const w = this.#windows.get(key);
    if (!w || w.index !== index) {
      this.#windows.set(key, { index, count: 1 });
      return undefined;
    }
    if (w.count >= limit) return (index + 1) * 1_000 - elapsed;
    w.count++;
    return undefined;
  }

  #accept(key: string): void {
    this.stats.posts.set(key, (this.stats.posts.get(key) ?? 0) + 1);
    const platform = key.startsWith('slack:') ? 'slack' : 'discord';
    this.stats.lastPostMs[platform] = Date.now() - this.#epoch;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await text(req);
    this.stats.requests++;
    const json: Json = (status, payload, headers = {}, serialized = false) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(serialized ? String(payload) : JSON.stringify(payload));
    };
    const auth = req.headers.authorization ?? '';
    if (req.method === 'POST' && req.url === '/slack/api/chat.postMessage') {
      this.#slackPost(auth, req.headers['content-type'], raw, json);
      return;
    }
    const route = /^\/discord\/api\/v10\/channels\/(\d+)\/messages$/.exec(req.url ?? '');
    if (req.method === 'POST' && route) {
      this.#discordPost(auth, route[1] ?? '', raw, json);
      return;
    }
    if (req.url?.startsWith('/slack/api/')) json(200, { ok: false, error: 'unknown_method' });
    else json(404, { message: '404: Not Found', code: 0 });
  }

  /**
   * Slack's chat.postMessage as the Web API client sends it: form-encoded fields (blocks and metadata as
   * JSON strings) with the bot token in the Authorization header. The workspace is the token's (Slack keys
   * its per-app, per-workspace limits by the token's workspace), so an unknown token is `invalid_auth`.
   * Errors are HTTP 200 with `ok: false`, except a rate limit: HTTP 429 with a whole-seconds Retry-After.
   */
  #slackPost(auth: string, contentType: string | undefined, raw: string, json: Json): void {
    const workspace = /^Bearer xoxb-bench-(\w+)$/.exec(auth)?.[1];
    if (!workspace) {
      json(200, { ok: false, error: auth ? 'invalid_auth' : 'not_authed' });
      return;
    }
    const fields = contentType?.startsWith('application/json')
      ? jsonObject(JSON.parse(raw || '{}'))
      : Object.fromEntries(new URLSearchParams(raw));
    const channel = typeof fields.channel === 'string' ? fields.channel : '';
    if (!channel) {
      json(200, { ok: false, error: 'channel_not_found' });
      return;
    }
    const blocks = parseField(fields.blocks);
    const metadata = parseField(fields.metadata);
    if (blocks === null || (blocks !== undefined && !Array.isArray(blocks))) {
      json(200, { ok: false, error: 'invalid_blocks' });
      return;
    }
    if (metadata === null) {
      json(200, { ok: false, error: 'invalid_metadata_format' });
      return;
    }
    if (!fields.text && !(Array.isArray(blocks) && blocks.length > 0)) {
      json(200, { ok: false, error: 'no_text' });
      return;
    }
    const now = Date.now();
    const last = this.#lastSlack.get(`${workspace}/${channel}`);
    const channelWait = last === undefined ? 0 : last + this.limits.slackPerChannelMs - now;
    const wait =
      channelWait > 0
        ? channelWait
        : this.#take(`slack:${workspace}`, this.limits.slackPerWorkspacePerSecond);
    if (wait !== undefined && wait > 0) {
      this.stats.rateLimited++;
      json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(Math.ceil(wait / 1_000)) });
      return;
    }
    this.#lastSlack.set(`${workspace}/${channel}`, now);
    this.#accept(`slack:${channel}`);
    const ts = `${Math.floor(now / 1000)}.${String((now % 1000) * 1000 + (this.stats.requests % 1000)).padStart(6, '0')}`;
    json(200, {
      ok: true,
      channel,
      ts,
      message: { type: 'message', text: fields.text, ts, bot_id: 'B0BENCH' },
    });
  }

  /**
   * Discord's Create Message (POST /api/v10/channels/:id/messages, `Authorization: Bot …`, a JSON body).
   * The bot-wide global limit is checked first, then the channel's route bucket; every answer carries the
   * X-RateLimit-* headers the REST client reads. A 429 has a fractional `retry_after` and `global` in the
   * body, a whole-seconds Retry-After header, and X-RateLimit-Global / X-RateLimit-Scope. A nonce seen
   * before with `enforce_nonce` gets the earlier message back and creates none.
   */
  #discordPost(auth: string, channel: string, raw: string, json: Json): void {
    if (!/^Bot \S+$/.test(auth)) {
      json(401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      json(400, { message: 'The request body contains invalid JSON.', code: 50109 });
      return;
    }
    const body = jsonObject(parsed);
    const content = typeof body.content === 'string' ? body.content : '';
    const embeds = Array.isArray(body.embeds) ? body.embeds : [];
    const nonce = typeof body.nonce === 'string' || typeof body.nonce === 'number' ? String(body.nonce) : '';
    if (content.length > 2_000 || embeds.length > 10 || nonce.length > 25 || (!content && !embeds.length)) {
      json(400, { message: 'Invalid Form Body', code: 50035 });
      return;
    }

    const globalWait = this.#take('discord', this.limits.discordPerSecond);
    if (globalWait !== undefined) {
      this.stats.rateLimited++;
      json(
        429,
        { message: 'You are being rate limited.', retry_after: Math.round(globalWait) / 1_000, global: true },
        {
          'retry-after': String(Math.ceil(globalWait / 1_000)),
          'x-ratelimit-global': 'true',
          'x-ratelimit-scope': 'global',
        },
      );
      return;
    }
    const { count, windowMs } = this.limits.discordPerChannel;
    const now = Date.now();
    const recent = (this.#discordRoute.get(channel) ?? []).filter((t) => now - t < windowMs);
    this.#discordRoute.set(channel, recent);
    const bucket = (left: number) => ({
      'x-ratelimit-bucket': 'b3nchc4nn3lm355ag35',
      'x-ratelimit-limit': String(count),
      'x-ratelimit-remaining': String(left),
      'x-ratelimit-reset-after': (((recent[0] ?? now) + windowMs - now) / 1_000).toFixed(3),
      'x-ratelimit-reset': (((recent[0] ?? now) + windowMs) / 1_000).toFixed(3),
    });
    if (recent.length >= count) {
      const wait = (recent[0] ?? now) + windowMs - now;
      this.stats.rateLimited++;
      json(
        429,
        { message: 'You are being rate limited.', retry_after: Math.round(wait) / 1_000, global: false },
        { ...bucket(0), 'retry-after': String(Math.ceil(wait / 1_000)), 'x-ratelimit-scope': 'user' },
      );
      return;
    }
    recent.push(now);
    const seen = nonce && body.enforce_nonce === true ? this.#nonces.get(`${channel}:${nonce}`) : undefined;
    if (seen) {
      json(200, seen, bucket(count - recent.length), true); // Discord returns the earlier message
      return;
    }
    const id = String((BigInt(now - DISCORD_EPOCH) << 22n) + BigInt(this.stats.requests % 4096));
    const message = {
      id,
      type: 0,
      channel_id: channel,
      author: { id: '100000000000000042', username: 'optout-bench', discriminator: '0', bot: true },
      content,
      embeds,
      components: Array.isArray(body.components) ? body.components : [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      flags: 0,
      timestamp: new Date(now).toISOString(),
      edited_timestamp: null,
      ...(nonce ? { nonce } : {}),
    };
    const serialized = JSON.stringify(message);
    if (nonce) this.#nonces.set(`${channel}:${nonce}`, serialized);
    this.#accept(`discord:${channel}`);
    json(200, serialized, bucket(count - recent.length), true);
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve));
  }
}

// Run as a worker thread, so the stand-ins get their own event loop (and core) as real platforms would,
// and the bench measures the bot, not a shared loop. Messages: reset, stats, stop.
export interface StandInWorkerData {
  standInLimits: StandInLimits;
}

const standInWorkerData = z.object({
  standInLimits: z.object({
    slackPerWorkspacePerSecond: z.number(),
    slackPerChannelMs: z.number(),
    discordPerSecond: z.number(),
    discordPerChannel: z.object({ count: z.number(), windowMs: z.number() }),
  }),
}) satisfies z.ZodType<StandInWorkerData>;

const standInData = isMainThread ? undefined : standInWorkerData.safeParse(workerData).data;
if (standInData && parentPort) {
  const port = parentPort;
  const standIns = new PlatformStandIns(standInData.standInLimits);
  port.on('message', (msg: string) => {
    if (msg === 'reset') {
      standIns.resetWindows();
      port.postMessage({ type: 'reset' });
    } else if (msg === 'stats') {
      const { posts, ...rest } = standIns.stats;
      port.postMessage({ type: 'stats', ...rest, posts: [...posts.values()] });
    } else if (msg === 'stop') {
      void standIns.stop().then(() => port.close());
    }
  });
  void standIns.start().then((url) => port.postMessage({ type: 'url', url }));
}

export interface StandInHandle {
  url: string;
  /** Where the stand-ins run: a worker thread when compiled, inline when run from TypeScript sources. */
  mode: 'worker' | 'inline';
  reset(): Promise<void>;
  stats(): Promise<Omit<StandInStats, 'posts'> & { posts: number[] }>;
  stop(): Promise<void>;
}

export async function startStandIns(limits: StandInLimits): Promise<StandInHandle> {
  if (!import.meta.url.endsWith('.js')) {
    const inline = new PlatformStandIns(limits);
    const url = await inline.start();
    return {
      url,
      mode: 'inline',
      reset: async () => inline.resetWindows(),
      stats: async () => ({ ...inline.stats, posts: [...inline.stats.posts.values()] }),
      stop: () => inline.stop(),
    };
  }
  const worker = new Worker(new URL(import.meta.url), { workerData: { standInLimits: limits } });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (msg: { type: string } & T) => {
        if (msg.type !== type) return;
        worker.off('message', onMessage);
        resolve(msg);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  const { url } = await next<{ url: string }>('url');
  return {
    url,
    mode: 'worker',
    reset: async () => {
      const done = next('reset');
      worker.postMessage('reset');
      await done;
    },
    stats: async () => {
      const answer = next<Omit<StandInStats, 'posts'> & { posts: number[] }>('stats');
      worker.postMessage('stats');
      return answer;
    },
    stop: async () => {
      const exited = once(worker, 'exit');
      worker.postMessage('stop');
      await exited;
    },
  };
}
