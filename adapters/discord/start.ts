// Logging in and waiting for ready, bounded: a token Discord rejects, a gateway that closes for good, or
// a start that does not finish in time all end in one DiscordStartError whose message says what to fix.

import { type Client, Events } from 'discord.js';
import { type Logger, type PlatformHealth, within } from '../../src/core/index.js';
import { errorFields } from './context.js';
import type { DiscordConfig } from './env.js';
import { DiscordStartError } from './errors.js';
import { IDENTIFY_MARGIN_MS, IDENTIFY_WINDOW_MS } from './identify-throttle.js';
import { type LifecycleWatch, startFailure } from './lifecycle.js';

export const DEFAULT_READY_TIMEOUT_MS = 30_000;

/** The longest a start with a shard range waits for READY: 15 minutes, then it is reported as failed. */
const MAX_READY_TIMEOUT_MS = 15 * 60_000;

/**
 * A host's client is ready when all its shards are, and a shard may queue behind every other host's
 * shards in its bucket: with max_concurrency 1 (not known before login), one window per shard of the
 * bot's total. Without a shard range, the usual bound.
 */
export function readyTimeoutFor(config: DiscordConfig): number {
  if (!config.shards) return DEFAULT_READY_TIMEOUT_MS;
  const queued = config.shards.count * (IDENTIFY_WINDOW_MS + IDENTIFY_MARGIN_MS);
  return Math.min(MAX_READY_TIMEOUT_MS, DEFAULT_READY_TIMEOUT_MS + queued);
}

export interface StartOptions {
  token: string;
  health: PlatformHealth;
  logger: Logger;
  lifecycle: LifecycleWatch;
  timeoutMs: number;
}

type Phase = 'login (GET /gateway/bot and the gateway handshake)' | 'the gateway READY and guild data';

/** Resolves once the client is ready; otherwise destroys it, reports down (fatal when Discord refused) and throws. */
export async function loginUntilReady(client: Client, opts: StartOptions): Promise<void> {
  let phase: Phase = 'login (GET /gateway/bot and the gateway handshake)';
  let timer: NodeJS.Timeout | undefined;
  let onClosed: (() => void) | undefined;
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  const login = (async () => {
    await client.login(opts.token);
    phase = 'the gateway READY and guild data';
    await ready;
  })();
  // A close for good after login resolved would otherwise leave `ready` waiting until the timeout.
  const closed = new Promise<never>((_, reject) => {
    onClosed = () => reject(new Error('gateway closed for good'));
    client.once(Events.ShardDisconnect, onClosed);
  });
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StartTimeout()), opts.timeoutMs);
  });
  try {
    await Promise.race([login, closed, timedOut]);
  } catch (error) {
    // Promise.race has subscribed to the losers too, so a login that fails after a timeout is handled.
    // Nothing may answer or report health from this client any more, even if a connection outlives it.
    for (const event of SILENCED) client.removeAllListeners(event);
    await destroyWithin(client, DESTROY_WAIT_MS, opts.logger);
    const { reason, fatal } =
      error instanceof StartTimeout
        ? {
            reason: `Discord did not become ready within ${Math.round(opts.timeoutMs / 1000)} s: still waiting for ${phase}.`,
            // Slow is not refused: a later start may well work.
            fatal: false,
          }
        : startFailure(error, opts.lifecycle.fatalReason());
    const code = error instanceof StartTimeout ? 'discord_start_timeout' : 'discord_start_failed';
    const failure = new DiscordStartError(code, reason, { cause: error });
    opts.logger.error('discord start failed', { code, fatal, ...errorFields(error) });
    // A close for good has been reported by the lifecycle watch already; say it once.
    if (!opts.lifecycle.fatalReason()) opts.health.down(reason, { fatal });
    throw failure;
  } finally {
    clearTimeout(timer);
    if (onClosed) client.off(Events.ShardDisconnect, onClosed);
  }
}

class StartTimeout extends Error {}

const SILENCED = [
  Events.MessageCreate,
  Events.InteractionCreate,
  Events.ClientReady,
  Events.ShardReady,
  Events.ShardResume,
  Events.ShardReconnecting,
  Events.ShardDisconnect,
] as const;

/** How long start-up waits for the failed client to close before giving up on it. */
const DESTROY_WAIT_MS = 2_000;

/**
 * client.destroy(), bounded. Destroying a shard that is waiting for READY starts a second destroy inside
 * @discordjs/ws (its wait is aborted), which replaces the first one's close listener: the first never
 * resolves, and the aborted wait makes @discordjs/ws (1.2.3) connect once more on its own: start-up
 * must not hang on the promise, and the listeners are gone, so that connection answers nothing.
 */
async function destroyWithin(client: Client, ms: number, logger: Logger): Promise<void> {
  const outcome = await within(client.destroy(), ms);
  if (outcome.timedOut)
    logger.warn('discord client did not finish closing', { code: 'discord_destroy_slow', ms });
}
