// `npm start`: loads configuration and knowledge once, then starts every configured platform, or the
// terminal chat when none is. Configuration and knowledge errors stop start-up with a message naming them.
import 'dotenv/config';
import { createBot } from '../src/bot.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { KnowledgeError, loadKnowledge } from '../src/knowledge/load.js';
import { createLogger, redact } from '../src/log.js';
import { runChat } from './cli/chat.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const knowledge = loadKnowledge(config.knowledgeDir);
  const bot = createBot({ knowledge });
  const stops: Array<() => Promise<void>> = [];

  if (config.slack) {
    const { startSlack } = await import('./slack/index.js');
    const slack = await startSlack({ config: config.slack, bot, logger });
    stops.push(slack.stop);
    logger.info('slack adapter started', { mode: config.slack.appToken ? 'socket' : 'http' });
  }
  if (config.discord) {
    const { startDiscord, startDiscordSharded } = await import('./discord/index.js');
    // Sharded: each shard process runs its own client and bot (adapters/discord/shard-worker.ts).
    const discord =
      config.discord.sharding === 'auto'
        ? await startDiscordSharded({ config: config.discord, logger })
        : await startDiscord({ config: config.discord, bot, logger });
    stops.push(discord.stop);
    logger.info('discord adapter started', { sharding: config.discord.sharding });
  }
  if (stops.length === 0) {
    await runChat(bot);
    return;
  }
  const shutdown = async (signal: string) => {
    logger.info('shutting down', { signal });
    await Promise.allSettled(stops.map((stop) => stop()));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof KnowledgeError) {
    process.stderr.write(`optout-bot cannot start.\n${err.message}\n`);
  } else {
    process.stderr.write(
      `optout-bot stopped: ${redact(err instanceof Error ? (err.stack ?? err.message) : String(err))}\n`,
    );
  }
  process.exitCode = 1;
});
