// Scheduled announcements into Slack channels: the Poster the delivery runner calls. It has a Web API
// client of its own, with a short timeout and Slack's own retries off (the runner retries, honours
// Retry-After and pauses gone channels), and answers Slack's errors as the runner's PostErrors.
// Each message carries its idempotency key as message metadata, so a delivery left unfinished by a crash
// can be looked up in the channel's history later (findPosted). Reading history needs channels:history
// and groups:history, which the manifest asks for as optional scopes. Without them findPosted answers
// 'unknown', the runner's "cannot tell": a delivery a crash left unfinished is then marked unknown, not
// posted again, and a post that timed out is retried as if it had not landed (so it may show twice).
// Distributed to many workspaces, each call carries the token of the subscription's workspace, read from
// the installation store (refreshed there when due); a workspace with no installation is 'forbidden'.

import { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Poster, PostReceipt, SettleResult, Target } from '../../src/announce/index.js';
import { PostError } from '../../src/announce/index.js';
import { type Clock, type Logger, systemClock } from '../../src/core/index.js';
import { boltLogger } from './bolt-logger.js';
import type { SlackConfig } from './env.js';
import { errorCode, neededScope } from './errors.js';
import { renderReply } from './render.js';

/** The metadata event type announcements carry; findPosted looks for it. */
export const ANNOUNCEMENT_EVENT_TYPE = 'optout_announcement';

/** Well under the 60 s after which a silent runner is taken for dead. */
export const DEFAULT_POST_TIMEOUT_MS = 15_000;

/**
 * How far back findPosted looks: an unfinished delivery is settled only while its occurrence is still
 * due, and no schedule's grace window is longer than 72 hours.
 */
export const DEFAULT_HISTORY_WINDOW_MS = 73 * 3_600_000;

/** Pages of history read before findPosted gives up with 'unknown' (newest first, so a recent post is on the first). */
export const DEFAULT_HISTORY_PAGES = 5;
const HISTORY_PAGE_SIZE = 200;
/** findPosted stops paging after this long: the runner does not heartbeat while it waits. */
const HISTORY_BUDGET_MS = 30_000;

/** Slack errors that mean the channel is not there to post in (any more). */
const GONE = new Set(['channel_not_found', 'is_archived', 'channel_is_archived']);

/**
 * Slack errors that mean the bot may not post in this channel. Pausing the subscription is right: posting
 * again will not help until someone invites the bot or changes the channel's settings.
 */
const FORBIDDEN = new Set([
  'not_in_channel',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'missing_scope',
  'no_permission',
  'access_denied',
  'ekm_access_denied',
  'team_access_not_granted',
  'messages_tab_disabled',
  'not_allowed_token_type',
]);

/** Slack's own "something went wrong on our side, and it may have been applied" answers. */
const TRANSIENT_AMBIGUOUS = new Set(['internal_error', 'fatal_error']);
const TRANSIENT = new Set(['service_unavailable', 'request_timeout']);

/** Where each workspace's token comes from in distributed mode (installations/store.ts). */
export interface WorkspaceTokens {
  botTokenFor(teamId: string): Promise<string | undefined>;
}

export interface SlackPosterOptions {
  config: Pick<SlackConfig, 'botToken' | 'apiUrl'>;
  /** Distributed mode: a token per workspace instead of config.botToken. */
  installations?: WorkspaceTokens;
  logger: Logger;
  /** Per request; default 15 s. */
  timeoutMs?: number;
  /** For findPosted's history window. */
  clock?: Clock;
  historyWindowMs?: number;
  historyPages?: number;
}

/** The metadata an announcement carries, with its idempotency key (see findPosted). */
const announcementMetadata = z.object({
  event_type: z.literal(ANNOUNCEMENT_EVENT_TYPE),
  event_payload: z.object({ key: z.string() }),
});

export function createSlackPoster(options: SlackPosterOptions): Poster {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const windowMs = options.historyWindowMs ?? DEFAULT_HISTORY_WINDOW_MS;
  const maxPages = options.historyPages ?? DEFAULT_HISTORY_PAGES;
  const client = new webApi.WebClient(config.botToken, {
    // The client joins method names onto this base, so it must end with a slash.
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl.replace(/\/*$/, '/') } : {}),
    logger: boltLogger(logger),
    timeout: options.timeoutMs ?? DEFAULT_POST_TIMEOUT_MS,
    // The runner retries with backoff and waits out 429s itself; a client that also retried (and slept
    // through Retry-After inside one call) would hide both from it and stall the heartbeat.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  // A declined scope stays declined until the app is reinstalled: warned about once.
  let warnedScope = false;
  /** The token argument for a call in the target's workspace: none in single-workspace mode. */
  const tokenFor = async (target: Target): Promise<{ token?: string }> => {
    if (!options.installations) return {};
    // Nothing was sent yet: a store that fails is a plain (unambiguous) transient failure.
    const token = await options.installations.botTokenFor(target.workspaceId).catch((error: unknown) => {
      logger.warn('slack.installation_lookup_failed', { code: errorCode(error) });
      throw new PostError('transient', 'installation_store_unavailable');
    });
    if (!token) throw new PostError('forbidden', 'not_installed');
    return { token };
  };

  return {
    async post(target, _occurrence, payload, { idempotencyKey }): Promise<PostReceipt> {
      const message = renderReply(payload);
      try {
        const result = await client.chat.postMessage({
          ...(await tokenFor(target)),
          channel: target.channelId,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
          metadata: { event_type: ANNOUNCEMENT_EVENT_TYPE, event_payload: { key: idempotencyKey } },
        });
        return result.ts ? { messageRef: result.ts } : {};
      } catch (error) {
        throw toPostError(error);
      }
    },

    async findPosted(target: Target, idempotencyKey: string): Promise<SettleResult> {
      const oldest = ((clock.now().getTime() - windowMs) / 1000).toFixed(6);
      const giveUpAt = Date.now() + HISTORY_BUDGET_MS;
      let cursor: string | undefined;
      try {
        for (let page = 0; page < maxPages && Date.now() < giveUpAt; page++) {
          const result = await client.conversations.history({
            ...(await tokenFor(target)),
            channel: target.channelId,
            oldest,
            limit: HISTORY_PAGE_SIZE,
            include_all_metadata: true,
            ...(cursor ? { cursor } : {}),
          });
          for (const m of result.messages ?? []) {
            const meta = announcementMetadata.safeParse(m.metadata);
            if (meta.success && meta.data.event_payload.key === idempotencyKey) return 'posted';
          }
          cursor = result.response_metadata?.next_cursor || undefined;
          if (!result.has_more || !cursor) return 'not-posted';
        }
        // A busy channel (or a slow Slack): the window holds more than was read, so the message may be
        // further back.
        return 'unknown';
      } catch (error) {
        const needed = neededScope(error);
        if (needed !== undefined) {
          if (!warnedScope) logger.warn('slack.announce_history_unavailable', { needed });
          warnedScope = true;
          return 'unknown';
        }
        logger.warn('slack.announce_history_failed', {
          channel: target.channelId,
          error: toPostError(error).message,
        });
        return 'unknown';
      }
    },
  };
}

/** What toPostError reads of the Web API client's errors; a part of another shape reads as absent. */
const clientError = z.object({
  code: z.unknown().optional(),
  message: z.unknown().optional(),
  retryAfter: z.unknown().optional(),
  statusCode: z.unknown().optional(),
  original: z.unknown().optional(),
  data: z
    .object({
      error: z.unknown().optional(),
      response_metadata: z.object({ retryAfter: z.unknown().optional() }).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

/**
 * Slack's answers as the runner's PostErrors (the table in docs/announcements.md):
 * 429 / `ratelimited` → rate-limited for the workspace, with Retry-After; 5xx and failed connections →
 * transient; a timeout (or a connection lost after the request went out) → transient and ambiguous;
 * channel_not_found / is_archived → gone; not_in_channel / restricted_action / missing scopes → forbidden.
 */
export function toPostError(error: unknown): PostError {
  if (error instanceof PostError) return error;
  const e = clientError.safeParse(error).data ?? {};
  const message = typeof e.message === 'string' ? e.message : String(error);
  switch (e.code) {
    case webApi.ErrorCode.RateLimitedError:
      return rateLimited(typeof e.retryAfter === 'number' ? e.retryAfter : undefined);
    case webApi.ErrorCode.HTTPError: {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      if (status === 429) return rateLimited(undefined);
      // Slack answers errors with 200 and ok:false; any other status is its infrastructure (5xx) or a
      // proxy in the way. Neither posted anything.
      return new PostError('transient', `HTTP ${status}`);
    }
    case webApi.ErrorCode.PlatformError: {
      const code = typeof e.data?.error === 'string' ? e.data.error : 'unknown_error';
      if (code === 'ratelimited' || code === 'rate_limited') {
        const after = e.data?.response_metadata?.retryAfter;
        return rateLimited(typeof after === 'number' ? after : undefined);
      }
      if (GONE.has(code)) return new PostError('gone', code);
      if (FORBIDDEN.has(code)) return new PostError('forbidden', code);
      if (TRANSIENT_AMBIGUOUS.has(code)) return new PostError('transient', code, { ambiguous: true });
      if (TRANSIENT.has(code)) return new PostError('transient', code);
      // Anything else (invalid_blocks, msg_too_long, a revoked token) was refused outright: nothing was
      // posted, and the runner's bounded retries end it. The channel is not paused for the bot's own fault.
      return new PostError('transient', code);
    }
    case webApi.ErrorCode.RequestError:
      return requestError(e.original, message);
  }
  // The client's "429 without a usable Retry-After" is a plain Error.
  if (message.startsWith('Retry header did not contain a valid timeout')) return rateLimited(undefined);
  return new PostError('transient', message, { ambiguous: true });
}

function rateLimited(retryAfterSeconds: number | undefined): PostError {
  return new PostError('rate-limited', 'ratelimited', {
    scope: 'workspace',
    ...(retryAfterSeconds === undefined ? {} : { retryAfterMs: retryAfterSeconds * 1000 }),
  });
}

/** What a RequestError's `original` (the failed fetch's error) says about the connection. */
const requestFailure = z.object({
  name: z.unknown().optional(),
  message: z.unknown().optional(),
  cause: z.object({ code: z.unknown().optional() }).optional().catch(undefined),
});

/** Codes of connections that never carried the request: retrying cannot post twice. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function requestError(original: unknown, message: string): PostError {
  const o = requestFailure.safeParse(original).data;
  if (o?.name === 'TimeoutError' || o?.name === 'AbortError') {
    return new PostError('transient', 'timed out waiting for Slack', { ambiguous: true });
  }
  const code = typeof o?.cause?.code === 'string' ? o.cause.code : undefined;
  const detail = code ?? (typeof o?.message === 'string' ? o.message : message);
  if (code && NOT_SENT.has(code)) return new PostError('transient', `request failed: ${detail}`);
  // A reset or a closed socket may come after Slack took the message: check before posting again.
  return new PostError('transient', `request failed: ${detail}`, { ambiguous: true });
}
