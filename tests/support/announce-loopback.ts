// A loopback stand-in for "a chat platform" (127.0.0.1 only) and the Poster that talks to it. Used by the
// multi-process tests: the stand-in runs in the test, the Poster in child bot processes.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Platform, PostError, type Poster, type SettleResult } from '../../src/announce/index.js';

export function loopbackPoster(baseUrl: string): Poster {
  return {
    async post(target, occurrence, _payload, { idempotencyKey }) {
      const res = await fetch(`${baseUrl}/post`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // `from`: which process posted, so a test can tell hosts apart (and hang one of them).
        body: JSON.stringify({
          ...target,
          occurrence: occurrence.key,
          key: idempotencyKey,
          from: process.pid,
        }),
        signal: AbortSignal.timeout(10_000),
      }).catch((err: Error) => {
        throw new PostError('transient', err.message, { ambiguous: true });
      });
      const body = (await res.json()) as {
        ref?: string;
        retryAfterMs?: number;
        scope?: 'channel' | 'workspace' | 'bot';
        error?: string;
      };
      if (res.ok) return { messageRef: body.ref ?? '' };
      if (res.status === 429) throw new PostError('rate-limited', 'rate limited', body);
      if (res.status === 404) throw new PostError('gone', body.error ?? 'not found');
      if (res.status === 403) throw new PostError('forbidden', body.error ?? 'forbidden');
      throw new PostError('transient', `HTTP ${res.status}`);
    },
    async findPosted(target, key): Promise<SettleResult> {
      const res = await fetch(`${baseUrl}/find?channel=${encodeURIComponent(target.channelId)}&key=${key}`);
      return ((await res.json()) as { result: SettleResult }).result;
    },
  };
}

export interface StandInPost {
  platform: Platform;
  channelId: string;
  occurrence: string;
  key: string;
  /** The pid of the process that posted it. */
  from: number;
}

/** The platform side. `hangAfter` simulates a crash mid-fan-out: from that post on, requests never answer. */
export class StandIn {
  readonly posts: StandInPost[] = [];
  requests = 0;
  latencyMs = 0;
  hangAfter: { count: number; landed: boolean } | undefined;
  /** Like hangAfter, for one process only: its requests hang once `count` of its posts have landed. */
  hangFrom: { pid: number; count: number; landed: boolean } | undefined;
  /** Scripted answers per channel, used before a post is accepted (e.g. a 429, then a 503). */
  readonly script = new Map<string, Array<{ status: number; body: unknown }>>();
  /** Every post request: channel and arrival time (ms). */
  readonly attempts: Array<{ channelId: string; at: number }> = [];
  #onHang: (() => void) | undefined;
  #server: Server | undefined;
  #hung: Array<() => void> = [];

  /** Resolves when the first request is held. */
  hung(): Promise<void> {
    return new Promise((resolve) => {
      this.#onHang = resolve;
    });
  }

  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      void this.#handle(req).then(
        (answer) => {
          if (!answer) return;
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(answer.body));
        },
        () => res.destroy(),
      );
    });
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async #handle(req: IncomingMessage): Promise<{ status: number; body: unknown } | undefined> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/find') {
      const found = this.posts.some(
        (p) => p.channelId === url.searchParams.get('channel') && p.key === url.searchParams.get('key'),
      );
      return { status: 200, body: { result: found ? 'posted' : 'not-posted' } };
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const post = JSON.parse(Buffer.concat(chunks).toString()) as StandInPost;
    this.requests++;
    this.attempts.push({ channelId: post.channelId, at: Date.now() });
    const scripted = this.script.get(post.channelId)?.shift();
    if (scripted) return scripted;
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    const hang =
      this.hangAfter && this.posts.length >= this.hangAfter.count
        ? this.hangAfter
        : this.hangFrom?.pid === post.from &&
            this.posts.filter((p) => p.from === post.from).length >= this.hangFrom.count
          ? this.hangFrom
          : undefined;
    if (hang) {
      if (hang.landed) this.posts.push(post);
      this.#onHang?.();
      this.#onHang = undefined;
      // Never answered: the connection dies with the killed client.
      return new Promise<undefined>((resolve) => this.#hung.push(() => resolve(undefined)));
    }
    this.posts.push(post);
    return { status: 200, body: { ref: `m${this.posts.length}` } };
  }

  postsTo(channelId: string): StandInPost[] {
    return this.posts.filter((p) => p.channelId === channelId);
  }

  async stop(): Promise<void> {
    for (const release of this.#hung) release();
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve));
  }
}
