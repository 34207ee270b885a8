// Wires the handlers to the client and logs the gateway's lifecycle (disconnects, resumes), which is what
// an operator needs to see when the bot goes quiet. Nothing logged here carries message text or user ids.
import { type Client, Events } from 'discord.js';
import type { HandlerContext } from './context.js';
import { errorFields } from './context.js';
import { createInteractionHandler } from './interactions.js';
import { createMessageHandler } from './messages.js';

export function attachHandlers(client: Client, ctx: HandlerContext): void {
  const onMessage = createMessageHandler(ctx);
  const onInteraction = createInteractionHandler(ctx);
  // The handlers catch their own errors; `void` marks the promises as deliberately not awaited here.
  client.on(Events.MessageCreate, (message) => void onMessage(message));
  client.on(Events.InteractionCreate, (interaction) => void onInteraction(interaction));

  const { logger } = ctx;
  client.on(Events.ShardReady, (shard) => logger.info('discord shard ready', { shard }));
  client.on(Events.ShardDisconnect, (event, shard) =>
    logger.warn('discord shard disconnected', { shard, code: event.code }),
  );
  client.on(Events.ShardReconnecting, (shard) => logger.info('discord shard reconnecting', { shard }));
  client.on(Events.ShardResume, (shard, replayed) =>
    logger.info('discord shard resumed', { shard, replayed }),
  );
  client.on(Events.ShardError, (error, shard) =>
    logger.error('discord shard error', { shard, ...errorFields(error) }),
  );
  client.on(Events.Error, (error) => logger.error('discord client error', errorFields(error)));
  client.on(Events.Warn, (message) => logger.warn('discord client warning', { detail: message }));
}
