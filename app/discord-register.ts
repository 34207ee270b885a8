// `npm run discord:register`: registers or updates the slash commands, then prints the invite URL.
// Run it after creating the application and again whenever the commands change.
import 'dotenv/config';
import { discordEnv, registerDiscordCommands } from '../adapters/discord/index.js';
import { loadSchedules, schedulesPath } from '../src/announce/index.js';
import { defaultKnowledgeDir, hasCode } from '../src/core/index.js';
import { ConfigError, loadConfig } from './config.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const discord = discordEnv.parse(process.env, config);
  if (!discord.ok) throw new ConfigError(discord.problems);
  if (!discord.config) {
    process.stderr.write(
      'Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (in the environment or .env) first.\n',
    );
    process.exitCode = 1;
    return;
  }
  // /announce is always registered (the bot always has its database); its schedule choices come from the
  // same schedules.yaml the bot loads, so run this again after changing the schedules.
  const schedules = loadSchedules(schedulesPath(config.knowledgeDir ?? defaultKnowledgeDir()));
  const result = await registerDiscordCommands(discord.config, schedules);
  const commands = result.names.map((n) => `/${n}`).join(', ');
  process.stdout.write(
    result.scope === 'guild'
      ? `Registered ${commands} in server ${discord.config.guildId}: available there now.\n`
      : `Registered ${commands} globally: they may take a few minutes to show (reload Discord with Ctrl+R).\n`,
  );
  process.stdout.write(`\nInvite the bot to a server with:\n${result.invite}\n`);
}

main().catch((error: unknown) => {
  // Neither branch prints the token: config and schedule errors name variables and files only, API errors
  // carry status and path.
  if (hasCode(error)) process.stderr.write(`${error.message}\n`);
  else
    process.stderr.write(
      `Registering the commands failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  process.exitCode = 1;
});
