// What every Discord handler needs, built once per client.
import { type Bot, type Clock, Cooldown, DEFAULT_COOLDOWN, type Logger } from '../../src/core/index.js';
import type { DiscordCommand } from './command.js';

export interface CooldownOptions {
  /** Questions allowed per user within the window before the notice. */
  limit: number;
  windowMs: number;
}

/** Under Discord's 3-second deadline with room for the network: slower work is deferred first. */
export const DEFAULT_DEFER_AFTER_MS = 1_500;

export interface HandlerContext {
  bot: Bot;
  logger: Logger;
  cooldown: Cooldown;
  commands: ReadonlyMap<string, DiscordCommand>;
  deferAfterMs: number;
}

export function createHandlerContext(opts: {
  bot: Bot;
  logger: Logger;
  clock: Clock;
  commands: readonly DiscordCommand[];
  cooldown?: CooldownOptions;
  deferAfterMs?: number;
}): HandlerContext {
  const { limit, windowMs } = opts.cooldown ?? DEFAULT_COOLDOWN;
  return {
    bot: opts.bot,
    logger: opts.logger,
    cooldown: new Cooldown({ limit, windowMs, clock: opts.clock }),
    commands: new Map(opts.commands.map((c) => [c.definition.name, c])),
    deferAfterMs: opts.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS,
  };
}
