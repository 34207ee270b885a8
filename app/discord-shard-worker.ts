// One shard's process under the ShardingManager (the Discord adapter's shard.ts starts it). The app's part
// is the wiring: configuration, knowledge, the bot and the shared announcement database. The adapter runs
// the shard (discord.js reads its ids from the environment the manager set).
import 'dotenv/config';
import { discordEnv, runDiscordShard } from '../adapters/discord/index.js';
import { composeWithBot, createAnnouncementService } from '../src/announce/index.js';
import {
  createBot,
  createLogger,
  defaultKnowledgeDir,
  loadKnowledge,
  systemClock,
} from '../src/core/index.js';
import { ConfigError, loadConfig } from './config.js';
import { startInsights } from './insights.js';
import { openLanguages } from './languages.js';
import { reportCoreErrors } from './report.js';
import { openAppState } from './state.js';
import { openAnnouncementStore } from './store.js';

const config = loadConfig();
const discord = discordEnv.parse(process.env, config);
if (!discord.ok) throw new ConfigError(discord.problems);
if (!discord.config)
  throw new ConfigError(['DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set for a Discord shard']);
const logger = createLogger(config.logLevel, undefined, config.secrets, config.logFormat);
const knowledgeDir = config.knowledgeDir ?? defaultKnowledgeDir();
const knowledge = loadKnowledge(knowledgeDir);
const languages = openLanguages(knowledge, logger);
const bot = createBot({ knowledge, languages, onError: reportCoreErrors(logger) });
// A shard answers /announce for its own servers, reading and writing the shared database. It never ticks
// and has no poster: the manager's process posts the announcements over REST, once for every shard.
const announcements = createAnnouncementService({
  store: (await openAnnouncementStore(config)).store,
  knowledgeDir,
  dates: bot.dates(),
  compose: composeWithBot((clock) => createBot({ knowledge, languages, clock })),
  posters: {},
  logger,
});
// The cooldown and the counts are the same ones `npm start` uses: shared with every shard and host when
// DATABASE_URL is set.
const state = await openAppState(config, systemClock, logger);
const insights = await startInsights(config, logger, systemClock);
const stop = await runDiscordShard({
  config: discord.config,
  bot,
  logger,
  announcements,
  databaseUrl: config.databaseUrl,
  state,
  insights: insights?.insights,
});

// The manager stops a shard with SIGTERM; closing the gateway connection cleanly lets Discord know at once.
process.once('SIGTERM', () => {
  void stop()
    .then(() => announcements.stop())
    .then(() => insights?.stop())
    .then(() => state.close())
    .finally(() => process.exit(0));
});
