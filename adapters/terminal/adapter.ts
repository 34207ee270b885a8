// The terminal as a PlatformAdapter: what `npm start` runs when no chat platform is configured. It reads
// no variables; its "connection" is a pair of streams (stdin and stdout unless a test supplies others).
import {
  type Bot,
  createHealthRegistry,
  type Logger,
  silentLogger,
  systemClock,
} from '../../src/core/index.js';
import { bind, createErrorSink, createGate, defineEnv, type PlatformAdapter } from '../kit/index.js';
import { type ChatIo, startChat } from './chat.js';

export type TerminalConfig = ChatIo;

export const terminalEnv = defineEnv({
  shape: {},
  read: (): TerminalConfig => ({ input: process.stdin, output: process.stdout }),
});

export function terminalPlatform(
  opts: { cooldown?: { limit: number; windowMs: number } } = {},
): PlatformAdapter<TerminalConfig> {
  return {
    name: 'terminal',
    env: terminalEnv,
    async start(config, ctx) {
      const gate = createGate({
        platform: 'terminal',
        bot: ctx.bot,
        logger: ctx.logger,
        clock: ctx.clock,
        sink: createErrorSink('terminal', ctx.logger),
        state: ctx.state,
        // One person typing: no flood to hold back unless the caller asks for a limit.
        cooldown: ctx.cooldown ?? opts.cooldown ?? { limit: Number.MAX_SAFE_INTEGER, windowMs: 1 },
      });
      const chat = startChat(gate, config);
      return {
        closed: chat.done,
        async stop() {
          chat.close();
          await chat.done;
        },
      };
    },
  };
}

/** The chat on stdin/stdout (or `io`) until the input ends: `npm start` without tokens, and tests. */
export async function runChat(
  bot: Bot,
  io: ChatIo = { input: process.stdin, output: process.stdout },
  logger: Logger = silentLogger,
): Promise<void> {
  const handle = await bind(terminalPlatform(), io).start({
    bot,
    logger,
    clock: systemClock,
    health: createHealthRegistry().platform('terminal'),
    healthz: () => ({ ok: true, platforms: {} }),
    announcements: undefined,
  });
  await handle.closed;
}
