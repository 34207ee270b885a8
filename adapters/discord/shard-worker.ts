// One shard's process under the ShardingManager (see shard.ts). discord.js reads this shard's ids from
// the environment the manager set, so starting the adapter as usual connects just this shard.
import 'dotenv/config';
import { createBot, createLogger, loadConfig, loadKnowledge } from '../../src/index.js';
import { startDiscord } from './index.js';

const config = loadConfig();
if (!config.discord)
  throw new Error('DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set for a Discord shard');
const logger = createLogger(config.logLevel);
const bot = createBot({ knowledge: loadKnowledge(config.knowledgeDir) });
const discord = await startDiscord({ config: config.discord, bot, logger });

// The manager stops a shard with SIGTERM; closing the gateway connection cleanly lets Discord know at once.
process.once('SIGTERM', () => {
  void discord.stop().finally(() => process.exit(0));
});
