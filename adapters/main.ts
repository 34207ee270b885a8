// `npm start`: loads configuration and knowledge once, then starts every configured platform, or the
// terminal chat when none is. Configuration, knowledge, schedule and database errors stop start-up with a
// message naming what is wrong.
import 'dotenv/config';
import {
  type AnnouncementService,
  composeWithBot,
  createAnnouncementService,
  DatabaseOpenError,
  type Platform,
  type Poster,
  ScheduleFileError,
} from '../src/announce/index.js';
import { createBot } from '../src/bot.js';
import { type Config, ConfigError, loadConfig } from '../src/config.js';
import { KnowledgeError } from '../src/knowledge/load.js';
import { loadKnowledgeFast } from '../src/knowledge/snapshot.js';
import type { Knowledge } from '../src/knowledge/types.js';
import { createLogger, type Logger, redact } from '../src/log.js';
import { runChat } from './cli/chat.js';

type Stop = () => Promise<void>;

/** Announcements run in this process for every configured platform (their posters are REST-only). */
async function startAnnouncements(config: Config, knowledge: Knowledge, logger: Logger, stops: Stop[]) {
  const posters: Partial<Record<Platform, Poster>> = {};
  if (config.slack) {
    const { createSlackPoster } = await import('./slack/index.js');
    posters.slack = createSlackPoster({ config: config.slack, logger });
  }
  if (config.discord) {
    const { createDiscordPoster } = await import('./discord/index.js');
    const poster = createDiscordPoster({ config: config.discord, logger });
    posters.discord = poster;
    stops.push(async () => poster.destroy());
  }
  // Opened before any platform starts: a bad database or schedule file stops start-up early.
  const service = createAnnouncementService({
    databasePath: config.databasePath,
    knowledgeDir: knowledge.dir,
    dates: { ...knowledge.dates },
    compose: composeWithBot((clock) => createBot({ knowledge, clock })),
    posters,
    logger,
  });
  stops.push(() => service.stop());
  return service;
}

async function startPlatforms(
  config: Config,
  knowledge: Knowledge,
  announcements: AnnouncementService,
  logger: Logger,
  stops: Stop[],
) {
  const bot = createBot({ knowledge });
  if (config.slack) {
    const { startSlack, createSlackAnnouncementCommands } = await import('./slack/index.js');
    const slack = await startSlack({
      config: config.slack,
      bot,
      logger,
      announcements: createSlackAnnouncementCommands({
        service: announcements,
        admins: config.slack.announceAdmins,
        logger,
      }),
    });
    stops.unshift(slack.stop);
    logger.info('slack adapter started', { mode: config.slack.appToken ? 'socket' : 'http' });
  }
  if (config.discord) {
    const { startDiscord, startDiscordSharded, createAnnounceCommand } = await import('./discord/index.js');
    // Sharded: each shard process runs its own client, bot and /announce (adapters/discord/shard-worker.ts).
    const discord =
      config.discord.sharding === 'auto'
        ? await startDiscordSharded({ config: config.discord, logger })
        : await startDiscord({
            config: config.discord,
            bot,
            logger,
            announcements: createAnnounceCommand({ announcements, logger }),
          });
    stops.unshift(discord.stop);
    logger.info('discord adapter started', { sharding: config.discord.sharding });
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const knowledge = await loadKnowledgeFast(config.knowledgeDir);
  if (!config.slack && !config.discord) {
    await runChat(createBot({ knowledge }));
    return;
  }
  // Platforms stop first (no new commands), then announcements finish their fan-out and close the database.
  const stops: Stop[] = [];
  const shutdown = async (signal: string) => {
    logger.info('shutting down', { signal });
    for (const stop of stops) await stop().catch((err: unknown) => logger.warn('stop failed', { err }));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const announcements = await startAnnouncements(config, knowledge, logger, stops);
    await startPlatforms(config, knowledge, announcements, logger, stops);
    announcements.start();
  } catch (err) {
    // A platform that failed to start must not leave the others running half-configured.
    for (const stop of stops) await stop().catch(() => {});
    throw err;
  }
  logger.info('announcements started', { database: config.databasePath });
}

main().catch((err: unknown) => {
  if (
    err instanceof ConfigError ||
    err instanceof KnowledgeError ||
    err instanceof DatabaseOpenError ||
    err instanceof ScheduleFileError
  ) {
    process.stderr.write(`optout-bot cannot start.\n${err.message}\n`);
  } else {
    process.stderr.write(
      `optout-bot stopped: ${redact(err instanceof Error ? (err.stack ?? err.message) : String(err))}\n`,
    );
  }
  process.exitCode = 1;
});
