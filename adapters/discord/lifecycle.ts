// The gateway connection's state as the health registry sees it: up when ready, degraded while
// reconnecting, and down for good on the close codes Discord uses to say "this will not work until a
// person changes something" (a revoked token, intents the application may not use). discord.js stops
// reconnecting on those codes but only emits shardDisconnect; without this the process either exits 0 or
// keeps serving /healthz as ok with Discord dead.

import { type Client, DiscordjsError, Events, IntentsBitField } from 'discord.js';
import type { Logger, PlatformHealth } from '../../src/core/index.js';

/** Close codes after which discord.js does not reconnect, and what an operator has to do about each. */
export function fatalCloseReason(code: number, intents: string): string | undefined {
  switch (code) {
    case 4004:
      return (
        'Discord rejected DISCORD_TOKEN (gateway close 4004, authentication failed): the token was reset ' +
        'or revoked. Put the current bot token (Developer Portal, Bot, Reset Token) in DISCORD_TOKEN.'
      );
    case 4013:
      return (
        `Discord refused the gateway intents (close 4013, invalid intents: ${intents}). ` +
        'The bot sent an intents value Discord does not know: a bug in this version of the bot.'
      );
    case 4014:
      return (
        `Discord refused the gateway intents (close 4014, disallowed intents: ${intents}). ` +
        'Enable the privileged intents among them in the Discord Developer Portal (Bot, Privileged ' +
        'Gateway Intents), or, for a verified bot, have them approved.'
      );
    case 4010:
    case 4011:
      return (
        `Discord refused the shard settings (gateway close ${code}): set DISCORD_SHARDING=auto, or, with ` +
        'shards spread over hosts, raise DISCORD_SHARD_COUNT (the same on every host) and check DISCORD_SHARDS.'
      );
    case 4012:
      return 'Discord refused the gateway API version (close 4012): upgrade discord.js.';
    default:
      return undefined;
  }
}

/** The client's intents by name, for reasons that say what to enable. */
export function intentNames(client: Client): string {
  return new IntentsBitField(client.options.intents).toArray().join(', ');
}

/**
 * Why a login failed before ready, naming what the operator should check. Fatal only when Discord said
 * so (a rejected token, a close for good); a network failure may pass and is left to the caller to retry.
 */
export function startFailure(
  error: unknown,
  fatalReason: string | undefined,
): { reason: string; fatal: boolean } {
  if (fatalReason) return { reason: fatalReason, fatal: true };
  if (error instanceof DiscordjsError && error.code === 'TokenInvalid') {
    const reason =
      'Discord rejected DISCORD_TOKEN at login (HTTP 401, invalid token). Put the current bot token ' +
      '(Developer Portal, Bot, Reset Token) in DISCORD_TOKEN.';
    return { reason, fatal: true };
  }
  const what = error instanceof Error ? error.name : typeof error;
  return { reason: `Discord login failed (${what}); see the logged error.`, fatal: false };
}

export interface LifecycleWatch {
  /** Why the gateway closed for good, once it has. */
  fatalReason(): string | undefined;
}

export function watchLifecycle(client: Client, health: PlatformHealth, logger: Logger): LifecycleWatch {
  let reason: string | undefined;

  client.once(Events.ClientReady, () => health.up());
  client.on(Events.ShardResume, () => {
    if (client.isReady()) health.up();
  });
  client.on(Events.ShardReady, () => {
    if (client.isReady()) health.up();
  });
  client.on(Events.ShardReconnecting, (shard) => {
    if (!reason) health.degraded(`Discord gateway reconnecting (shard ${shard})`);
  });
  // discord.js emits shardDisconnect only for the close codes it will not reconnect after.
  client.on(Events.ShardDisconnect, (event, shard) => {
    const known = fatalCloseReason(event.code, intentNames(client));
    reason = known ?? `Discord closed the gateway with code ${event.code} and will not reconnect.`;
    logger.error('discord gateway closed for good', {
      code: 'discord_fatal_close',
      closeCode: event.code,
      shard,
    });
    health.down(reason, { fatal: true });
  });
  return { fatalReason: () => reason };
}
