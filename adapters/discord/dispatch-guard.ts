// Checks gateway dispatches before discord.js's own handlers build structures from them. A malformed
// payload (a missing author, a non-array options) would otherwise throw inside discord.js's gateway
// listener, where nothing can catch it, and end the process. Here it is logged and dropped instead.
//
// The hook is discord.js's WebSocketManager#handlePacket, the one place every dispatch goes through (live,
// queued before ready, and replayed on resume) before the action handlers run. It is private API, so if a
// discord.js upgrade removes it start-up fails loudly rather than running unguarded.

import type { Client } from 'discord.js';
import { z } from 'zod';
import type { Logger } from '../../src/core/index.js';
import { describeIssues, dispatchSchemas } from './dispatch-schemas.js';
import { DiscordError } from './errors.js';

const packetShape = z.looseObject({ t: z.string(), d: z.unknown() });
const shardShape = z.looseObject({ id: z.number() });

function shardId(shard: unknown): number | undefined {
  const parsed = shardShape.safeParse(shard);
  return parsed.success ? parsed.data.id : undefined;
}

export function guardDispatches(client: Client, logger: Logger): void {
  const manager = client.ws;
  const handlePacket: unknown = Reflect.get(manager, 'handlePacket');
  if (typeof handlePacket !== 'function') {
    throw new DiscordError(
      'discord_guard_unavailable',
      'discord.js no longer has WebSocketManager#handlePacket; the dispatch guard needs updating',
    );
  }
  const guarded = (packet: unknown, shard: unknown): boolean => {
    // discord.js calls this without a packet to drain its before-ready queue.
    const envelope = packetShape.safeParse(packet);
    if (envelope.success) {
      const schema = dispatchSchemas[envelope.data.t];
      const checked = schema?.safeParse(envelope.data.d);
      if (checked && !checked.success) {
        logger.warn('discord dispatch dropped', {
          code: 'discord_bad_dispatch',
          type: envelope.data.t,
          shard: shardId(shard),
          issues: describeIssues(checked.error),
        });
        return false;
      }
    }
    try {
      return Reflect.apply(handlePacket, manager, [packet, shard]);
    } catch (error) {
      // A dispatch type without a schema here broke a discord.js handler. Dropping it costs one event;
      // letting the throw escape costs the process.
      logger.error('discord dispatch handler failed', {
        code: 'discord_dispatch_handler_failed',
        type: envelope.success ? envelope.data.t : undefined,
        shard: shardId(shard),
        // Only the name: a TypeError's message can quote the payload (`'x' in <payload text>`).
        errorName: error instanceof Error ? error.name : typeof error,
      });
      return false;
    }
  };
  Reflect.set(manager, 'handlePacket', guarded);
}
