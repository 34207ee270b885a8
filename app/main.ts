// `npm start`: loads configuration and knowledge once, then starts every configured platform from the
// registry, or the terminal chat when none is. Expected failures (any error with a `code`) stop start-up
// with one message naming what is wrong; exit codes are in lifecycle.ts and README. /healthz is served in
// every platform mode.
import 'dotenv/config';
import type { AdapterContext, AdapterHandle, ConfiguredPlatform } from '../adapters/kit/index.js';
import { bind } from '../adapters/kit/index.js';
import { terminalPlatform } from '../adapters/terminal/index.js';
import {
  type AnnouncementService,
  composeWithBot,
  createAnnouncementService,
  type Poster,
} from '../src/announce/index.js';
import {
  createBot,
  createHealthRegistry,
  createLogger,
  hasCode,
  type Knowledge,
  type Logger,
  loadKnowledgeFast,
  redact,
  systemClock,
} from '../src/core/index.js';
import { type Config, checkConfigPaths, loadConfig } from './config.js';
import { listenError, serveHealth } from './health-server.js';
import { EXIT, type ExitCode, watchFatal } from './lifecycle.js';
import { registry } from './registry.js';

type Stop = () => Promise<void>;

/** Announcements run in this process for every configured platform (their posters are REST-only). */
async function startAnnouncements(config: Config, knowledge: Knowledge, logger: Logger, stops: Stop[]) {
  const posters: Record<string, Poster> = {};
  for (const platform of config.platforms) {
    const handle = await platform.poster({ logger });
    if (!handle) continue;
    posters[platform.name] = handle.poster;
    if (handle.stop) stops.push(handle.stop);
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

async function startPlatform(
  platform: ConfiguredPlatform,
  ctx: AdapterContext,
  config: Config,
): Promise<AdapterHandle> {
  try {
    return await platform.start(ctx);
  } catch (err) {
    // A platform that serves /healthz itself listens on PORT/HOST: say so when that port is taken.
    throw platform.servesHealth ? listenError(err, config.http) : err;
  }
}

async function startPlatforms(
  config: Config,
  knowledge: Knowledge,
  announcements: AnnouncementService,
  logger: Logger,
  stops: Stop[],
  health: ReturnType<typeof createHealthRegistry>,
) {
  const bot = createBot({ knowledge });
  // A platform's HTTP receiver may serve /healthz itself; otherwise a small server on PORT/HOST does,
  // started first so a probe sees 503 "starting" while platforms connect.
  if (!config.platforms.some((p) => p.servesHealth)) {
    const server = await serveHealth({ ...config.http, snapshot: () => health.snapshot() });
    stops.push(server.stop);
    logger.info('health endpoint listening', { port: server.port, path: '/healthz' });
  }
  // Reporters are registered up front: /healthz lists every configured platform from the start.
  const reporters = config.platforms.map((p) => health.platform(p.name));
  for (const [i, platform] of config.platforms.entries()) {
    const handle = await startPlatform(
      platform,
      {
        bot,
        logger,
        clock: systemClock,
        health: reporters[i] ?? health.platform(platform.name),
        healthz: () => health.snapshot(),
        announcements,
      },
      config,
    );
    stops.unshift(handle.stop);
    logger.info(`${platform.name} adapter started`, handle.details ?? {});
  }
}

/** No platform configured: chat in the terminal until the input ends. */
async function runTerminal(knowledge: Knowledge, logger: Logger): Promise<void> {
  const terminal = bind(terminalPlatform(), { input: process.stdin, output: process.stdout });
  const handle = await terminal.start({
    bot: createBot({ knowledge }),
    logger,
    clock: systemClock,
    health: createHealthRegistry().platform('terminal'),
    healthz: () => ({ ok: true, platforms: {} }),
    announcements: undefined,
  });
  await handle.closed;
}

async function main(config: Config): Promise<ExitCode | undefined> {
  checkConfigPaths(config);
  const logger = createLogger(config.logLevel, undefined, config.secrets);
  const knowledge = await loadKnowledgeFast(config.knowledgeDir);
  if (config.platforms.length === 0) {
    // The chat's own output is the interface: log lines only for warnings and worse.
    await runTerminal(knowledge, createLogger('warn', undefined, config.secrets));
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
    await startPlatforms(config, knowledge, announcements, logger, stops, health);
    announcements.start();
    fatal.arm();
  } catch (err) {
    // A platform that failed to start must not leave the others running half-configured.
    stopping = true;
    for (const stop of stops) {
      await stop().catch((stopErr: unknown) =>
        logger.warn('stop after a failed start failed', { err: stopErr }),
      );
    }
    throw err;
  }
  logger.info('announcements started', { database: config.databasePath });
  return undefined;
}

// Every registered platform's secret patterns, known before the configuration is even valid.
const secrets = registry.flatMap((a) => [...a.secrets]);
new Promise<Config>((resolve) => resolve(loadConfig())).then(main).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err: unknown) => {
    if (hasCode(err)) {
      // Expected: the message names the variable or file at fault; a stack would only bury it.
      process.stderr.write(`optout-bot cannot start.\n${redact(err.message, secrets)}\n`);
      process.exitCode = EXIT.startup;
    } else {
      process.stderr.write(
        `optout-bot stopped: ${redact(err instanceof Error ? (err.stack ?? err.message) : String(err), secrets)}\n`,
      );
      process.exitCode = EXIT.crash;
    }
  },
);
