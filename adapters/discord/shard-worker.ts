// One shard's process under the ShardingManager (see shard.ts). discord.js reads this shard's ids from
// the environment the manager set, so starting the adapter as usual connects just this shard.
import 'dotenv/config';
import { composeWithBot, createAnnouncementService } from '../../src/announce/index.js';
import { createBot, createLogger, defaultKnowledgeDir, loadConfig, loadKnowledge } from '../../src/index.js';
import { createAnnounceCommand, startDiscord } from './index.js';

const config = loadConfig();
if (!config.discord)
  throw new Error('DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set for a Discord shard');
const logger = createLogger(config.logLevel);
const knowledgeDir = config.knowledgeDir ?? defaultKnowledgeDir();
const knowledge = loadKnowledge(knowledgeDir);
const bot = createBot({ knowledge });
// A shard answers /announce for its own servers, reading and writing the shared database. It never ticks
// and has no poster: the manager's process posts the announcements over REST, once for every shard.
const announcements = createAnnouncementService({
  databasePath: config.databasePath,
  knowledgeDir,
  dates: bot.dates(),
  compose: composeWithBot((clock) => createBot({ knowledge, clock })),
  posters: {},
  logger,
});
const discord = await startDiscord({
  config: config.discord,
  bot,
  logger,
  announcements: createAnnounceCommand({ announcements, logger }),
});

// The manager stops a shard with SIGTERM; closing the gateway connection cleanly lets Discord know at once.
process.once('SIGTERM', () => {
  void discord
    .stop()
    .then(() => announcements.stop())
    .finally(() => process.exit(0));
});
