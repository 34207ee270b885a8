// Shared set-up for the /announce and Discord poster tests: the announcement service on a real SQLite file
// in a temp folder, a real discord.js Client on the loopback stand-in, and /announce interaction payloads.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAnnounceCommand } from '../../../adapters/discord/announce-command.js';
import type { DiscordPoster } from '../../../adapters/discord/announce-poster.js';
import type { DiscordConfig } from '../../../adapters/discord/env.js';
import { type DiscordHandle, startDiscord } from '../../../adapters/discord/run.js';
import {
  type AnnouncementService,
  composeWithBot,
  createAnnouncementService,
  type Poster,
} from '../../../src/announce/index.js';
import type { Clock } from '../../../src/core/clock.js';
import {
  createBot,
  createLanguages,
  defaultKnowledgeDir,
  type Languages,
  loadKnowledge,
} from '../../../src/core/index.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { FakeDiscord, fakeDiscordConfig } from './fake-discord.js';
import { noIdentifyWait, realBot } from './harness.js';
import { chatInput, type FakeUser } from './payloads.js';

export const SUBCOMMAND = 1;
export const STRING = 3;
/** ViewChannel, SendMessages and ReadMessageHistory: what payloads.ts gives every member. */
export const MEMBER = 68608n;
export const MANAGE_CHANNELS = 16n;
/** What the bot needs to post announcements: View Channel, Send Messages, Embed Links (and history). */
export const BOT_PERMISSIONS = 1024n | 2048n | 16384n | 65536n;

/** Real time, shifted to start at `start`: retry waits are real, the schedule sees the chosen moment. */
export function shiftedClock(start: string): Clock {
  const offset = new Date(start).getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

export function tempFolder(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'optout-discord-announce-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function discordConfig(fake: FakeDiscord): DiscordConfig {
  return fakeDiscordConfig(fake);
}

let languages: Languages | undefined;
/** The real bot with every translation (each read on first use), as the bot process composes with. */
function multilingualBot(clock: Clock) {
  languages ??= createLanguages(loadKnowledge());
  return createBot({ knowledge: languages.english, languages, clock });
}

/** The service the bot process runs, on a SQLite file; the real bot composes the texts. */
export function openService(databasePath: string, clock: Clock, poster?: Poster): AnnouncementService {
  const bot = realBot();
  return createAnnouncementService({
    databasePath,
    knowledgeDir: defaultKnowledgeDir(),
    dates: bot.dates(),
    compose: composeWithBot(multilingualBot),
    posters: poster ? { discord: poster } : {},
    clock,
    // Short backoff so 5xx retries cost little real time.
    retry: { baseDelayMs: 50, maxDelayMs: 200 },
  });
}

export interface Rig {
  fake: FakeDiscord;
  service: AnnouncementService;
  discord: DiscordHandle;
  logger: ReturnType<typeof createMemoryLogger>;
  poster: DiscordPoster | undefined;
  close(): Promise<void>;
}

/**
 * The stand-in, the service on `databasePath` and a real client answering /announce. `makePoster` gets the
 * stand-in's config, so the service can post there too.
 */
export async function startRig(opts: {
  databasePath: string;
  clock: Clock;
  makePoster?: (config: DiscordConfig) => DiscordPoster;
}): Promise<Rig> {
  const fake = await FakeDiscord.start();
  const logger = createMemoryLogger();
  const poster = opts.makePoster?.(discordConfig(fake));
  const service = openService(opts.databasePath, opts.clock, poster);
  try {
    const discord = await startDiscord({
      config: discordConfig(fake),
      bot: realBot(),
      logger,
      clock: opts.clock,
      clientOptions: noIdentifyWait,
      announcements: createAnnounceCommand({
        voice: multilingualBot(opts.clock),
        announcements: service,
        clock: opts.clock,
        logger,
      }),
    });
    return {
      fake,
      service,
      discord,
      logger,
      poster,
      async close() {
        await discord.stop();
        poster?.destroy();
        await service.stop();
        await fake.close();
      },
    };
  } catch (error) {
    poster?.destroy();
    await service.stop();
    await fake.close();
    throw error;
  }
}

type Option = { name: string; type: number; value: string; focused?: boolean };

/** `/announce <subcommand>` from `user`, whose permissions in the channel are `permissions`. */
export function announce(
  fake: FakeDiscord,
  subcommand: string,
  opts: { user: FakeUser; permissions?: bigint; options?: Option[]; guild?: boolean; type?: number },
): Record<string, unknown> {
  const interaction = chatInput(fake, 'announce', [], { user: opts.user, guild: opts.guild ?? true });
  const data = interaction.data as Record<string, unknown>;
  data.options = [{ name: subcommand, type: SUBCOMMAND, options: opts.options ?? [] }];
  if (opts.type !== undefined) interaction.type = opts.type;
  interaction.app_permissions = BOT_PERMISSIONS.toString();
  if (opts.guild ?? true) {
    (interaction.member as Record<string, unknown>).permissions = (opts.permissions ?? MEMBER).toString();
  }
  return interaction;
}
