// Starts the real adapter (a real discord.js Client) against a fresh FakeDiscord, with the real bot over
// the real knowledge base, and tears both down. Every test gets its own pair: no shared state.
import { type DiscordHandle, type StartDiscordOptions, startDiscord } from '../../../adapters/discord/run.js';
import type { Bot } from '../../../src/core/bot-types.js';
import { type Clock, createBot, loadKnowledge, ManualClock } from '../../../src/core/index.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { FakeDiscord, type FakeDiscordOptions, fakeDiscordConfig } from './fake-discord.js';

let knowledge: ReturnType<typeof loadKnowledge> | undefined;

/** The real bot; the clock is fixed so time-aware answers are the same on every run. */
export function realBot(clock: Clock = new ManualClock('2025-10-20T12:00:00Z')): Bot {
  knowledge ??= loadKnowledge();
  return createBot({ knowledge, clock });
}

// discord.js waits about 5 s between identifies by default; loopback has no rate limit to respect.
export const noIdentifyWait = {
  ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
};

export interface Harness {
  fake: FakeDiscord;
  discord: DiscordHandle;
  logger: ReturnType<typeof createMemoryLogger>;
  bot: Bot;
  close(): Promise<void>;
}

export async function startHarness(
  opts: Partial<Omit<StartDiscordOptions, 'config' | 'logger'>> & { fake?: FakeDiscordOptions } = {},
): Promise<Harness> {
  const fake = await FakeDiscord.start(opts.fake);
  const logger = createMemoryLogger();
  const bot = opts.bot ?? realBot();
  try {
    const discord = await startDiscord({
      ...opts,
      bot,
      logger,
      clientOptions: { ...noIdentifyWait, ...opts.clientOptions },
      config: fakeDiscordConfig(fake),
    });
    return {
      fake,
      discord,
      logger,
      bot,
      async close() {
        await discord.stop();
        await fake.close();
      },
    };
  } catch (error) {
    await fake.close();
    throw error;
  }
}
