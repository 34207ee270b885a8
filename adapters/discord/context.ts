// What every Discord handler needs, built once per client.
import type { Bot, Clock, Logger, SharedState } from '../../src/core/index.js';
import type { Insights } from '../../src/insights/index.js';
import { createErrorSink, createGate, type ErrorSink, type Feedback, type Gate } from '../kit/index.js';
import type { DiscordCommand } from './command.js';

/** Error details safe to log: Discord API errors carry a numeric code and status, never message text. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const code = 'code' in error ? error.code : undefined;
  const status = 'status' in error ? error.status : undefined;
  return {
    error,
    ...(code !== undefined ? { code: String(code) } : {}),
    ...(status !== undefined ? { status } : {}),
  };
}

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
  /** Cooldown, routing and error isolation in front of the bot (adapters/kit/gate.ts). */
  gate: Gate;
  /** Where every handler failure is logged, with its code and context. */
  sink: ErrorSink;
  commands: ReadonlyMap<string, DiscordCommand>;
  deferAfterMs: number;
}

export function createHandlerContext(opts: {
  bot: Bot;
  logger: Logger;
  clock: Clock;
  /** The commands, or a function of the gate's feedback for commands that count their answers. */
  commands: readonly DiscordCommand[] | ((feedback: Feedback) => readonly DiscordCommand[]);
  cooldown?: CooldownOptions;
  /** Where the cooldown counts (shared between hosts when the app has a database). */
  state?: SharedState | undefined;
  deferAfterMs?: number;
  insights?: Insights | undefined;
}): HandlerContext {
  const sink = createErrorSink('discord', opts.logger, { fields: errorFields });
  const { commands: listed, ...rest } = opts;
  const gate = createGate({ platform: 'discord', ...rest, sink });
  const commands = typeof listed === 'function' ? listed(gate.feedback) : listed;
  return {
    bot: opts.bot,
    logger: opts.logger,
    gate,
    sink,
    commands: new Map(commands.map((c) => [c.definition.name, c])),
    deferAfterMs: opts.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS,
  };
}
