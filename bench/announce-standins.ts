// Loopback stand-ins for Slack's chat.postMessage and Discord's create-message endpoint (127.0.0.1 only),
// enforcing rate limits shaped like the real ones and answering 429 the way each platform does: Slack with
// an integer-seconds Retry-After header, Discord with a fractional `retry_after` and `global: true`.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

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
  readonly #nonces = new Map<string, string>();

  constructor(readonly limits: StandInLimits = defaultLimits) {}

  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch(() => res.destroy());
    });
    this.#server.keepAliveTimeout = 30_000;
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
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
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
    this.stats.requests++;
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    const auth = req.headers.authorization ?? '';
    if (req.url === '/slack/api/chat.postMessage') {
      // Slack identifies the workspace by the token; the bench uses one token per workspace.
      const workspace = auth.replace(/^Bearer xoxb-bench-/, '');
      const channel = String(body.channel);
      const now = Date.now();
      const last = this.#lastSlack.get(channel);
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
      this.#lastSlack.set(channel, now);
      this.#accept(`slack:${channel}`);
      json(200, {
        ok: true,
        channel,
        ts: `${Math.floor(now / 1000)}.${String(now % 1000).padStart(6, '0')}`,
      });
      return;
    }
    const route = /^\/discord\/api\/v10\/channels\/(\d+)\/messages$/.exec(req.url ?? '');
    if (route && auth.startsWith('Bot ')) {
      const channel = route[1] ?? '';
      const nonce = typeof body.nonce === 'string' ? body.nonce : undefined;
      const seen = nonce && this.#nonces.get(`${channel}:${nonce}`);
      if (seen && body.enforce_nonce) {
        json(200, { id: seen, channel_id: channel, nonce }); // Discord returns the earlier message
        return;
      }
      const globalWait = this.#take('discord', this.limits.discordPerSecond);
      const now = Date.now();
      const recent = (this.#discordRoute.get(channel) ?? []).filter(
        (t) => now - t < this.limits.discordPerChannel.windowMs,
      );
      const routeWait =
        recent.length >= this.limits.discordPerChannel.count
          ? (recent[0] ?? now) + this.limits.discordPerChannel.windowMs - now
          : undefined;
      const wait = globalWait ?? routeWait;
      if (wait !== undefined) {
        this.stats.rateLimited++;
        const global = globalWait !== undefined;
        json(
          429,
          { message: 'You are being rate limited.', retry_after: Math.round(wait) / 1_000, global },
          global ? { 'x-ratelimit-global': 'true', 'retry-after': String(Math.ceil(wait / 1_000)) } : {},
        );
        return;
      }
      recent.push(now);
      this.#discordRoute.set(channel, recent);
      const id = String(BigInt(now) * 4194304n + BigInt(this.stats.requests));
      if (nonce) this.#nonces.set(`${channel}:${nonce}`, id);
      this.#accept(`discord:${channel}`);
      json(200, { id, channel_id: channel, nonce });
      return;
    }
    json(404, { message: 'Not found' });
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

if (!isMainThread && parentPort && (workerData as StandInWorkerData | undefined)?.standInLimits) {
  const port = parentPort;
  const standIns = new PlatformStandIns((workerData as StandInWorkerData).standInLimits);
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
