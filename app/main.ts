// `npm start`: loads configuration and knowledge once, then starts every configured platform, or the
// terminal chat when none is. Expected failures (any error with a `code`) stop start-up with one message
// naming what is wrong; exit codes are in lifecycle.ts and README. /healthz is served in every platform mode.
import 'dotenv/config';
import { fileURLToPath } from 'node:url';
import { runChat } from '../adapters/terminal/chat.js';
import {
  type AnnouncementService,
  composeWithBot,
  createAnnouncementService,
  type Platform,
  type Poster,
} from '../src/announce/index.js';
import {
  createBot,
  createHealthRegistry,
  createLogger,
  type HealthRegistry,
  hasCode,
  type Knowledge,
  type Logger,
  loadKnowledgeFast,
  redact,
} from '../src/core/index.js';
import { type Config, checkConfigPaths, loadConfig } from './config.js';
import { listenError, serveHealth } from './health-server.js';
import { EXIT, type ExitCode, reporter, watchFatal } from './lifecycle.js';

type Stop = () => Promise<void>;

/** Announcements run in this process for every configured platform (their posters are REST-only). */
async function startAnnouncements(config: Config, knowledge: Knowledge, logger: Logger, stops: Stop[]) {
  const posters: Partial<Record<Platform, Poster>> = {};
  if (config.slack) {
    const { createSlackPoster } = await import('../adapters/slack/index.js');
    posters.slack = createSlackPoster({ config: config.slack, logger });
  }
  if (config.discord) {
    const { createDiscordPoster } = await import('../adapters/discord/index.js');
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
  health: HealthRegistry,
  logger: Logger,
  stops: Stop[],
) {
  const bot = createBot({ knowledge });
  // Slack's HTTP receiver serves /healthz itself; every other mode gets a small server on PORT/HOST,
  // started first so a probe sees 503 "starting" while platforms connect.
  const slackHttp = config.slack !== undefined && !config.slack.appToken;
  if (!slackHttp) {
    const server = await serveHealth({ ...config.http, snapshot: () => health.snapshot() });
    stops.push(server.stop);
    logger.info('health endpoint listening', { port: server.port, path: '/healthz' });
  }
  // Reporters are registered up front: /healthz lists every configured platform from the start.
  const slackHealth = config.slack && reporter(health, 'slack');
  const discordHealth = config.discord && reporter(health, 'discord');
  if (config.slack && slackHealth) {
    const { startSlack, createSlackAnnouncementCommands } = await import('../adapters/slack/index.js');
    const slack = await startSlack({
      config: config.slack,
      bot,
      logger,
      health: slackHealth,
      healthz: () => health.snapshot(),
      announcements: createSlackAnnouncementCommands({
        service: announcements,
        admins: config.slack.announceAdmins,
        logger,
      }),
    }).catch((err: unknown) => {
      throw slackHttp ? listenError(err, config.http) : err;
    });
    stops.unshift(slack.stop);
    slackHealth.started();
    logger.info('slack adapter started', {
      mode: config.slack.appToken ? 'socket' : 'http',
      port: slack.port,
    });
  }
  if (config.discord && discordHealth) {
    const { startDiscord, startDiscordSharded, createAnnounceCommand } = await import(
      '../adapters/discord/index.js'
    );
    // Sharded: each shard process runs its own client, bot and /announce (app/discord-shard-worker.ts).
    const discord =
      config.discord.sharding === 'auto'
        ? await startDiscordSharded({
            config: config.discord,
            logger,
            health: discordHealth,
            workerFile: fileURLToPath(new URL('./discord-shard-worker.js', import.meta.url)),
          })
        : await startDiscord({
            config: config.discord,
            bot,
            logger,
            health: discordHealth,
            announcements: createAnnounceCommand({ announcements, logger }),
          });
    stops.unshift(discord.stop);
    discordHealth.started();
    logger.info('discord adapter started', { sharding: config.discord.sharding });
  }
}

async function main(): Promise<ExitCode | undefined> {
  const config = loadConfig();
  checkConfigPaths(config);
  const logger = createLogger(config.logLevel);
  const knowledge = await loadKnowledgeFast(config.knowledgeDir);
  if (!config.slack && !config.discord) {
    await runChat(createBot({ knowledge }));
    return EXIT.ok;
  }
  // Platforms stop first (no new commands), then announcements finish their fan-out and close the database.
  const stops: Stop[] = [];
  let stopping = false;
  const shutdown = async (reason: string, code: ExitCode) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { reason, exitCode: code });
    for (const stop of stops) await stop().catch((err: unknown) => logger.warn('stop failed', { err }));
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown('SIGINT', EXIT.ok));
  process.once('SIGTERM', () => void shutdown('SIGTERM', EXIT.ok));
  const health = createHealthRegistry();
  const fatal = watchFatal(health, logger, (reason, code) => void shutdown(reason, code));

  try {
    const announcements = await startAnnouncements(config, knowledge, logger, stops);
    await startPlatforms(config, knowledge, announcements, health, logger, stops);
    announcements.start();
    fatal.arm();
  } catch (err) {
    // A platform that failed to start must not leave the others running half-configured.
    stopping = true;
    for (const stop of stops) await stop().catch(() => {});
    throw err;
  }
  logger.info('announcements started', { database: config.databasePath });
  return undefined;
}

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err: unknown) => {
    if (hasCode(err)) {
      // Expected: the message names the variable or file at fault; a stack would only bury it.
      process.stderr.write(`optout-bot cannot start.\n${redact(err.message)}\n`);
      process.exitCode = EXIT.startup;
    } else {
      process.stderr.write(
        `optout-bot stopped: ${redact(err instanceof Error ? (err.stack ?? err.message) : String(err))}\n`,
      );
      process.exitCode = EXIT.crash;
    }
  },
);
