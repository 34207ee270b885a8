// One shard's process under the ShardingManager (see shard.ts). discord.js reads this shard's ids from
// the environment the manager set, so starting the adapter as usual connects just this shard.
import 'dotenv/config';
import { createAnnounceCommand, DiscordStartError, startDiscord } from '../adapters/discord/index.js';
import { FATAL_EXIT_CODE, shardProcessHealth } from '../adapters/discord/shard-health.js';
import { composeWithBot, createAnnouncementService } from '../src/announce/index.js';
import { createBot, createLogger, defaultKnowledgeDir, loadKnowledge } from '../src/core/index.js';
import { loadConfig } from './config.js';

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
// Down for good (revoked token, refused intents): the report goes to the manager, then the process exits
// with FATAL_EXIT_CODE so the manager does not respawn it. The pause lets the report arrive before the exit.
let fatal = false;
const health = shardProcessHealth(() => {
  fatal = true;
  setTimeout(() => process.exit(FATAL_EXIT_CODE), 200);
});
const discord = await startDiscord({
  config: config.discord,
  bot,
  logger,
  health,
  announcements: createAnnounceCommand({ announcements, logger }),
}).catch((error: unknown) => {
  // A start Discord refused has been reported and the fatal exit is scheduled. Anything else (a timeout,
  // a network failure) ends the process with an error, and the manager respawns it.
  if (error instanceof DiscordStartError && fatal) return undefined;
  throw error;
});

// The manager stops a shard with SIGTERM; closing the gateway connection cleanly lets Discord know at once.
process.once('SIGTERM', () => {
  void (discord?.stop() ?? Promise.resolve()).then(() => announcements.stop()).finally(() => process.exit(0));
});
