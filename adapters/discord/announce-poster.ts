// Posts scheduled announcements into Discord channels for src/announce. The runner there does the waiting
// and retrying, so this REST client does neither: its own retries are off and every rate limit is handed
// back as a PostError with Discord's retry-after. Each message carries the delivery's idempotency key as
// its nonce with enforce_nonce, so Discord itself drops a repeat of the same delivery for a few minutes.

import {
  DefaultRestOptions,
  DiscordAPIError,
  HTTPError,
  RateLimitError,
  REST,
  type RESTPostAPIChannelMessageJSONBody,
  type ResponseLike,
  Routes,
} from 'discord.js';
import { z } from 'zod';
import { PostError, type Poster, type SettleResult } from '../../src/announce/index.js';
import type { Logger } from '../../src/core/index.js';
import type { DiscordConfig } from './env.js';
import { type DiscordPayload, renderReply } from './render.js';

/** Discord refuses a nonce longer than this. */
export const NONCE_MAX_LENGTH = 25;

/**
 * How long Discord drops a repeat of a nonce sent with enforce_nonce. Discord documents only "the past
 * few minutes" (Create Message, `enforce_nonce`), with no number. Two minutes is the least that phrase can
 * mean, so it is the conservative reading: within it, settling an unfinished delivery after a crash may
 * post again and Discord returns the first message instead of making a second. A crashed runner's claims
 * are taken over after 60 s of silence, so this leaves a real but short window; past it, an unsettled
 * delivery is marked unknown and not posted again.
 */
export const NONCE_DEDUP_WINDOW_MS = 120_000;

/**
 * Per-request timeout. Far under the 60 s after which a silent runner counts as dead, and short enough that
 * the runner's retries of one delivery (5 attempts plus backoff, about 90 s at worst) stay close to the
 * nonce window above.
 */
export const DEFAULT_POST_TIMEOUT_MS = 15_000;

/** Discord's JSON error codes that end a subscription's deliveries (see docs/announcements.md). */
const GONE_CODES = new Set([10003 /* Unknown Channel */]);
const FORBIDDEN_CODES = new Set([
  50001 /* Missing Access */, 50013 /* Missing Permissions */, 50083 /* thread archived or locked */,
]);

export interface DiscordPosterOptions {
  config: DiscordConfig;
  logger: Logger;
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
  /**
   * The bot's global request limit. The REST client keeps to it on its own and reports reaching it as a
   * bot-wide rate limit (default 50, Discord's default; large bots may have a raised limit).
   */
  globalRequestsPerSecond?: number;
}

export interface DiscordPoster extends Poster {
  /** Stop the REST client's sweep timers (on shutdown; they are unref'd, so this is only tidiness). */
  destroy(): void;
}

/** The REST body for an announcement: the rendered Reply with the nonce, and no mentions ever. */
export function announcementBody(payload: DiscordPayload, nonce: string): RESTPostAPIChannelMessageJSONBody {
  return {
    ...(payload.content ? { content: payload.content } : {}),
    embeds: payload.embeds,
    components: payload.components,
    allowed_mentions: { parse: [] },
    nonce,
    enforce_nonce: true,
  };
}

/** The fields of Discord's 429 body read here; any other body leaves the headers as they are. */
const rateLimitBody = z.object({ retry_after: z.unknown().optional(), global: z.unknown().optional() });

/** The part of Create Message's answer kept: the new message's id (only a reference; may be missing). */
const createdMessage = z.object({ id: z.string() });

/**
 * Discord's 429 body has the precise wait (`retry_after`, fractional seconds) and `global`; its Retry-After
 * header is whole seconds. The REST client reads only headers, so a 429's header is rewritten from the body
 * before the client sees it: waits are exact and a global limit is known as global.
 */
async function preciseRateLimits(url: string, init: RequestInit): Promise<ResponseLike> {
  const res = await DefaultRestOptions.makeRequest(url, init);
  if (res.status !== 429) return res;
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's page): keep the headers as they are.
  }
  const body = rateLimitBody.safeParse(json).data ?? {};
  const headers = new Headers(res.headers);
  if (typeof body.retry_after === 'number' && body.retry_after >= 0) {
    headers.set('retry-after', String(body.retry_after));
  }
  if (body.global === true) headers.set('x-ratelimit-global', 'true');
  return new Response(text, { status: 429, statusText: res.statusText, headers });
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Map what the REST client threw onto the PostError table in docs/announcements.md. */
export function toDiscordPostError(err: unknown): PostError {
  if (err instanceof PostError) return err;
  if (err instanceof RateLimitError) {
    // retryAfter comes from the (rewritten) Retry-After header; a pre-emptive limit has only timeToReset.
    const wait = err.retryAfter > 0 ? err.retryAfter : err.timeToReset;
    return new PostError(
      'rate-limited',
      `Discord rate limit on ${err.route}${err.global ? ' (global)' : ''}`,
      {
        retryAfterMs: Math.max(0, wait),
        scope: err.global ? 'bot' : 'channel',
      },
    );
  }
  if (err instanceof DiscordAPIError) {
    const code = typeof err.code === 'number' ? err.code : Number(err.code);
    const what = `Discord ${err.status} (code ${err.code}): ${err.message}`;
    if (GONE_CODES.has(code)) return new PostError('gone', what);
    if (FORBIDDEN_CODES.has(code)) return new PostError('forbidden', what);
    // Another 4xx was refused outright, so nothing was posted: retried a bounded number of times, then
    // the round is marked failed with this message.
    return new PostError('transient', what);
  }
  if (err instanceof HTTPError) return new PostError('transient', `Discord ${err.status} ${err.message}`);
  const name = err instanceof Error ? err.name : '';
  const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
  if (name === 'AbortError' || name === 'TimeoutError') {
    return new PostError('transient', 'Discord did not answer in time', { ambiguous: true });
  }
  // Refused connections never reached Discord; anything else (a reset mid-request) may have been applied.
  const refused = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
  return new PostError('transient', describe(err), { ambiguous: !refused });
}

export function createDiscordPoster(opts: DiscordPosterOptions): DiscordPoster {
  const { config, logger } = opts;
  const rest = new REST({
    ...(config.apiUrl ? { api: config.apiUrl } : {}),
    timeout: opts.timeoutMs ?? DEFAULT_POST_TIMEOUT_MS,
    globalRequestsPerSecond: opts.globalRequestsPerSecond ?? 50,
    // The announcement runner retries 5xx and timeouts with backoff and waits out 429s itself.
    retries: 0,
    rejectOnRateLimit: () => true,
    makeRequest: preciseRateLimits,
  }).setToken(config.token);

  return {
    repeatIsDroppedWithinMs: NONCE_DEDUP_WINDOW_MS,

    async post(target, _occurrence, payload, { idempotencyKey }) {
      if (idempotencyKey.length > NONCE_MAX_LENGTH) {
        // A programming error, not Discord's: without a usable nonce a retry could post twice.
        throw new PostError('transient', `idempotency key is longer than ${NONCE_MAX_LENGTH} characters`);
      }
      // Live relative dates keep counting as the announcement ages; its follow-up buttons are answered by
      // the running bot like any other message's.
      const body = announcementBody(renderReply(payload, { relativeDates: true }), idempotencyKey);
      try {
        const message = createdMessage.safeParse(
          await rest.post(Routes.channelMessages(target.channelId), { body }),
        );
        return { messageRef: message.data?.id };
      } catch (err) {
        const mapped = toDiscordPostError(err);
        logger.debug('discord announcement post failed', {
          channel: target.channelId,
          kind: mapped.kind,
          ...(mapped.retryAfterMs === undefined ? {} : { retryAfterMs: mapped.retryAfterMs }),
        });
        throw mapped;
      }
    },

    // Discord returns a message's nonce only in the answer to creating it and in the gateway event, never
    // when reading a channel's history, so a delivery cannot be looked up afterwards. Saying "unknown" is
    // the honest answer: the runner then relies on enforce_nonce within NONCE_DEDUP_WINDOW_MS and, past it,
    // marks the delivery unknown rather than risk a second message.
    async findPosted(): Promise<SettleResult> {
      return 'unknown';
    },

    destroy() {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
  };
}
