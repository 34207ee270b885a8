// Create Message for FakeDiscord (POST /channels/:id/messages): the body checked as Discord checks it, the
// rate limits when they are on (the bot-wide global limit, then the channel's route bucket, with the
// X-RateLimit-* headers discord.js reads), and enforce_nonce: a nonce seen before gets the earlier message
// back and creates none. Counts what was created, per channel, for the fan-out benchmark.
import { FixedWindows, SlidingBuckets } from '../rate-windows.js';
import type { CreatedMessage, RestCall } from './fake-records.js';
import { type FakeUser, messageFromBody } from './payloads.js';

/** Discord's limits on creating messages, enforced only when given to FakeDiscord. */
export interface DiscordLimits {
  /** Message posts per fixed 1-second window for the whole bot (the global limit). */
  perSecond: number;
  /** Each channel's route bucket: `count` messages per `windowMs` (Discord: 5 per 5 s). */
  perChannel: { count: number; windowMs: number };
}

export interface DiscordCounts {
  /** REST requests received (any route). */
  requests: number;
  /** Message posts answered 429 by the limits. */
  rateLimited: number;
  /** When the last message was created, in ms after the windows were (re)started. */
  lastPostMs: number;
}

export type RestAnswer = [status: number, body?: unknown, headers?: Record<string, string>];

/** The request body's fields Create Message reads; anything that is not an object reads as empty. */
function fields(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  return Object.fromEntries(Object.entries(body));
}

const invalidForm: RestAnswer = [400, { message: 'Invalid Form Body', code: 50035 }];

export class ChannelMessages {
  /** Messages created, in order (a nonce repeat with enforce_nonce adds none). */
  readonly messages: CreatedMessage[] = [];
  readonly counts: DiscordCounts = { requests: 0, rateLimited: 0, lastPostMs: 0 };
  /** The message created for each "channel:nonce", serialized (compact: a benchmark keeps thousands). */
  readonly #byNonce = new Map<string, string>();
  readonly #windows = new FixedWindows();
  readonly #buckets: SlidingBuckets | undefined;

  constructor(
    private readonly author: FakeUser,
    readonly limits: DiscordLimits | undefined,
  ) {
    this.#buckets = limits && new SlidingBuckets(limits.perChannel);
  }

  /** Restart the global windows now (and the clock `counts.lastPostMs` is read on). */
  resetWindows(): void {
    this.#windows.reset();
  }

  postsPerChannel(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of this.messages) counts.set(m.channelId, (counts.get(m.channelId) ?? 0) + 1);
    return counts;
  }

  /** Create Message with Discord's checks: the form, then the limits, then the nonce. */
  post(channelId: string, call: RestCall): RestAnswer {
    const body = fields(call.body);
    const content = typeof body.content === 'string' ? body.content : '';
    const embeds = Array.isArray(body.embeds) ? body.embeds : [];
    const components = Array.isArray(body.components) ? body.components : [];
    const nonce = nonceOf(body);
    if (content.length > 2_000 || embeds.length > 10 || (nonce?.length ?? 0) > 25) return invalidForm;
    if (!content && embeds.length === 0 && components.length === 0) return invalidForm;
    const limited = this.#limit(channelId);
    if (limited) return limited;
    return [200, this.create(channelId, call), this.#bucketHeaders(channelId)];
  }

  /** Create the message (or with enforce_nonce return the earlier one) without any checks. */
  create(channelId: string, call: RestCall): unknown {
    const body = fields(call.body);
    const nonce = nonceOf(body);
    const key = nonce && body.enforce_nonce === true ? `${channelId}:${nonce}` : undefined;
    const earlier = key ? this.#byNonce.get(key) : undefined;
    if (earlier) return JSON.parse(earlier);
    const message: Record<string, unknown> = {
      ...messageFromBody(call.body, channelId, this.author),
      ...(nonce ? { nonce } : {}),
    };
    this.messages.push({ channelId, id: String(message.id), nonce, at: call.at });
    this.counts.lastPostMs = this.#windows.elapsed();
    if (key) this.#byNonce.set(key, JSON.stringify(message));
    return message;
  }

  /** A 429 if the global limit or the channel's bucket is used up, counting the post otherwise. */
  #limit(channelId: string): RestAnswer | undefined {
    if (!this.limits || !this.#buckets) return undefined;
    const globalWait = this.#windows.take('global', this.limits.perSecond);
    if (globalWait !== undefined) {
      this.counts.rateLimited++;
      return [
        429,
        { message: 'You are being rate limited.', retry_after: Math.round(globalWait) / 1_000, global: true },
        {
          'retry-after': String(Math.ceil(globalWait / 1_000)),
          'x-ratelimit-global': 'true',
          'x-ratelimit-scope': 'global',
        },
      ];
    }
    const wait = this.#buckets.take(channelId);
    if (wait === undefined) return undefined;
    this.counts.rateLimited++;
    return [
      429,
      { message: 'You are being rate limited.', retry_after: Math.round(wait) / 1_000, global: false },
      {
        ...this.#bucketHeaders(channelId),
        'retry-after': String(Math.ceil(wait / 1_000)),
        'x-ratelimit-scope': 'user',
      },
    ];
  }

  /** The channel bucket's X-RateLimit-* headers (none when the limits are off). */
  #bucketHeaders(channelId: string): Record<string, string> {
    if (!this.#buckets) return {};
    const now = Date.now();
    const recent = this.#buckets.recent(channelId, now);
    const { count, windowMs } = this.#buckets.limit;
    const resetAt = (recent[0] ?? now) + windowMs;
    return {
      'x-ratelimit-bucket': 'f4k3c4nn3lm355ag35',
      'x-ratelimit-limit': String(count),
      'x-ratelimit-remaining': String(Math.max(0, count - recent.length)),
      'x-ratelimit-reset-after': ((resetAt - now) / 1_000).toFixed(3),
      'x-ratelimit-reset': (resetAt / 1_000).toFixed(3),
    };
  }
}

/** Discord takes a nonce as a string or an integer. */
function nonceOf(body: Record<string, unknown>): string | undefined {
  const { nonce } = body;
  return typeof nonce === 'string' || typeof nonce === 'number' ? String(nonce) : undefined;
}
