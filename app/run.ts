// The app's running part, apart from process concerns (signals, exit codes) so tests can run it whole:
// the shared state, announcements with every configured platform's poster, /healthz, then each platform
// from the registry.
import type { AdapterContext, AdapterHandle, ConfiguredPlatform } from '../adapters/kit/index.js';
import {
  type AnnouncementService,
  composeWithBot,
  createAnnouncementService,
  type Poster,
} from '../src/announce/index.js';
import type { Languages } from '../src/core/index.js';
import {
  type Clock,
  createBot,
  createHealthRegistry,
  type HealthRegistry,
  type Knowledge,
  type Logger,
  type SharedState,
  systemClock,
} from '../src/core/index.js';
import type { Config } from './config.js';
import { listenError, serveHealth } from './health-server.js';
import { startInsights } from './insights.js';
import { openLanguages } from './languages.js';
import { reportCoreErrors } from './report.js';
import { openAppState } from './state.js';
import { openAnnouncementStore } from './store.js';

type Stop = () => Promise<void>;

/** Announcements run in this process for every configured platform (their posters are REST-only). */
async function startAnnouncements(
  config: Config,
  knowledge: Knowledge,
  languages: Languages,
  logger: Logger,
  stops: Stop[],
) {
  const posters: Record<string, Poster> = {};
  for (const platform of config.platforms) {
    const handle = await platform.poster({ logger });
    if (!handle) continue;
    posters[platform.name] = handle.poster;
    if (handle.stop) stops.push(handle.stop);
  }
  // Opened before any platform starts: a bad database or schedule file stops start-up early.
  const { store } = await openAnnouncementStore(config);
  const service = createAnnouncementService({
    store,
    knowledgeDir: knowledge.dir,
    dates: { ...knowledge.dates },
    compose: composeWithBot((at) => createBot({ knowledge, languages, clock: at })),
    posters,
    logger,
  });
  stops.push(() => service.stop());
  return service;
}

async function openSharedState(config: Config, clock: Clock, logger: Logger, stops: Stop[]) {
  const state = await openAppState(config, clock, logger);
  stops.push(() => state.close());
  return state;
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
  languages: Languages,
  announcements: AnnouncementService,
  logger: Logger,
  stops: Stop[],
  health: HealthRegistry,
  clock: Clock,
  state: SharedState,
): Promise<{ platforms: AdapterHandle[]; healthPort: number | undefined }> {
  // Counting answers and votes; stopped after the platforms (stops run in order, platforms are put first).
  const insights = await startInsights(config, logger, clock);
  if (insights) stops.push(insights.stop);
  let healthPort: number | undefined;
  const platforms: AdapterHandle[] = [];
  const bot = createBot({ knowledge, languages, clock, onError: reportCoreErrors(logger) });
  // A platform's HTTP receiver may serve /healthz itself; otherwise a small server on PORT/HOST does,
  // started first so a probe sees 503 "starting" while platforms connect.
  if (!config.platforms.some((p) => p.servesHealth)) {
    const server = await serveHealth({ ...config.http, snapshot: () => health.snapshot() });
    stops.push(server.stop);
    healthPort = server.port;
    logger.info('health endpoint listening', { port: server.port, path: '/healthz' });
  }
  // Reporters are registered up front: /healthz lists every configured platform from the start.
  const reporting = config.platforms.map((platform) => ({
    platform,
    reporter: health.platform(platform.name),
  }));
  for (const { platform, reporter } of reporting) {
    const handle = await startPlatform(
      platform,
      {
        bot,
        logger,
        clock,
        health: reporter,
        healthz: () => health.snapshot(),
        announcements,
        state,
        databaseUrl: config.databaseUrl,
        insights: insights?.insights,
      },
      config,
    );
    stops.unshift(handle.stop);
    platforms.push(handle);
    logger.info(`${platform.name} adapter started`, handle.details ?? {});
  }
  return { platforms, healthPort };
}

export interface RunningApp {
  health: HealthRegistry;
  platforms: AdapterHandle[];
  /** Where /healthz is served. */
  healthPort: number | undefined;
  announcements: AnnouncementService;
  /** What this process shares with the bot's other processes (memory when there is no DATABASE_URL). */
  state: SharedState;
  /** Platforms first (no new commands), then announcements finish their fan-out and close the database. */
  stop(): Promise<void>;
}

/**
 * Start announcements and every configured platform. A platform that fails to start stops what already
 * started (nothing is left half-configured) and the error is rethrown.
 */
export async function startApp(
  config: Config,
  deps: {
    knowledge: Knowledge;
    logger: Logger;
    clock?: Clock;
    health?: HealthRegistry;
  },
): Promise<RunningApp> {
  const { knowledge, logger } = deps;
  const health = deps.health ?? createHealthRegistry();
  const stops: Stop[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0))
      await stop().catch((err: unknown) => logger.warn('stop failed', { err }));
  };
  try {
    const clock = deps.clock ?? systemClock;
    // One set of languages for the process: each translation is read once, whichever part needs it first.
    const languages = openLanguages(knowledge, logger);
    const announcements = await startAnnouncements(config, knowledge, languages, logger, stops);
    // Closed last (stops run in order, platforms first): nothing uses it once the platforms stopped.
    const state = await openSharedState(config, clock, logger, stops);
    const started = await startPlatforms(
      config,
      knowledge,
      languages,
      announcements,
      logger,
      stops,
      health,
      clock,
      state,
    );
    announcements.start();
    return { health, announcements, state, stop: stopAll, ...started };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
