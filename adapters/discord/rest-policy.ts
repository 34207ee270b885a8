// Bounds on every REST call the bot's client makes. Left to its defaults, @discordjs/rest retries a 429
// for as long as Discord keeps answering 429 (no cap), retries a 5xx at once with no pause, and gives a
// hung request 15 s, then sends it again (a second copy of a message Discord may already have made).
//
// Here the REST client's own retries are off and every 429 is handed back (rejectOnRateLimit), and one
// wrapper around REST#queueRequest decides: a 429 is waited out when its retry-after is short, a
// 5xx is retried after a jittered backoff, a timeout is retried only for methods that are safe to repeat,
// all a bounded number of times; then the error goes back to the caller, logged once here with its code.
// Buckets stay per channel, so a waiting or hung request never holds up another channel's reply.

import { setTimeout as sleep } from 'node:timers/promises';
import { HTTPError, RateLimitError, type REST, type RESTOptions } from 'discord.js';
import type { Logger } from '../../src/core/index.js';

export interface RestPolicy {
  /** Per-attempt timeout (default 5 s). */
  timeoutMs: number;
  /** Retries after the first attempt, for each kind of failure (default 2). */
  maxRetries: number;
  /** A 429 asking for a longer wait than this is not waited out (default 5 s). */
  maxRetryAfterMs: number;
  /** First 5xx backoff; doubles each retry, with full jitter in its upper half (default 250 ms). */
  backoffMs: number;
}

export const defaultRestPolicy: RestPolicy = {
  timeoutMs: 5_000,
  maxRetries: 2,
  maxRetryAfterMs: 5_000,
  backoffMs: 250,
};

/** The REST client options the wrapper below relies on. */
export function restOptions(policy: RestPolicy): Partial<RESTOptions> {
  return { timeout: policy.timeoutMs, retries: 0, rejectOnRateLimit: () => true };
}

type Request = Parameters<REST['queueRequest']>[0];

// Repeating these cannot make a second message or a second side effect.
const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE']);

/**
 * A route without ids or tokens, for logs: `/channels/:id/messages`, `/webhooks/:id/:token/...`.
 * Interaction and webhook paths carry the interaction token, which must never be logged.
 */
export function routeTemplate(route: string): string {
  const parts = route.split('?')[0]?.split('/') ?? [];
  return parts
    .map((part, i) => {
      if (/^\d+$/.test(part)) return ':id';
      const before = parts[i - 2];
      if ((before === 'webhooks' || before === 'interactions') && i >= 2) return ':token';
      return part;
    })
    .join('/');
}

type Decision = { retryInMs: number } | { giveUp: string } | { pass: true };

function decide(error: unknown, method: string, retries: number, policy: RestPolicy): Decision {
  const last = retries >= policy.maxRetries;
  if (error instanceof RateLimitError) {
    const wait = error.retryAfter > 0 ? error.retryAfter : error.timeToReset;
    if (last || wait > policy.maxRetryAfterMs) return { giveUp: 'discord_rest_rate_limited' };
    return { retryInMs: wait + Math.random() * 100 };
  }
  if (error instanceof HTTPError && error.status >= 500) {
    if (last) return { giveUp: 'discord_rest_server_error' };
    const ceiling = policy.backoffMs * 2 ** retries;
    return { retryInMs: ceiling / 2 + (Math.random() * ceiling) / 2 };
  }
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    if (last || !IDEMPOTENT.has(method)) return { giveUp: 'discord_rest_timeout' };
    return { retryInMs: policy.backoffMs };
  }
  // A 4xx Discord refused outright, or a connection error: the caller knows what it means.
  return { pass: true };
}

export function applyRestPolicy(rest: REST, logger: Logger, policy: RestPolicy = defaultRestPolicy): void {
  const queue = rest.queueRequest.bind(rest);
  const attempt = async (request: Request, retries: number): Promise<Awaited<ReturnType<typeof queue>>> => {
    try {
      return await queue(request);
    } catch (error) {
      const method = request.method.toUpperCase();
      const decision = decide(error, method, retries, policy);
      if ('retryInMs' in decision) {
        await sleep(decision.retryInMs);
        return attempt(request, retries + 1);
      }
      if ('giveUp' in decision) {
        logger.error('discord rest gave up', {
          code: decision.giveUp,
          method,
          route: routeTemplate(request.fullRoute),
          attempts: retries + 1,
          ...(error instanceof HTTPError ? { status: error.status } : {}),
          ...(error instanceof RateLimitError
            ? { retryAfterMs: error.retryAfter, global: error.global }
            : {}),
        });
      }
      throw error;
    }
  };
  rest.queueRequest = (request) => attempt(request, 0);
}
