// `npm run discord:register`: registers or updates the slash commands, then prints the invite URL.
// Run it after creating the application and again whenever the commands change.
import 'dotenv/config';
import { announceDefinition } from '../adapters/discord/announce-command.js';
import { commandDefinitions } from '../adapters/discord/commands.js';
import { inviteUrl, registerCommands } from '../adapters/discord/registration.js';
import { loadSchedules, ScheduleFileError, schedulesPath } from '../src/announce/index.js';
import { defaultKnowledgeDir } from '../src/core/index.js';
import { ConfigError, loadConfig } from './config.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.discord) {
    process.stderr.write(
      'Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (in the environment or .env) first.\n',
    );
    process.exitCode = 1;
    return;
  }
  const { applicationId, guildId } = config.discord;
  // /announce is always registered (the bot always has its database); its schedule choices come from the
  // same schedules.yaml the bot loads, so run this again after changing the schedules.
  const schedules = loadSchedules(schedulesPath(config.knowledgeDir ?? defaultKnowledgeDir()));
  const announce = { definition: announceDefinition(schedules) };
  const result = await registerCommands(config.discord, commandDefinitions([announce]));
  const commands = result.names.map((n) => `/${n}`).join(', ');
  process.stdout.write(
    result.scope === 'guild'
      ? `Registered ${commands} in server ${guildId}: available there now.\n`
      : `Registered ${commands} globally: they may take a few minutes to show (reload Discord with Ctrl+R).\n`,
  );
  process.stdout.write(`\nInvite the bot to a server with:\n${inviteUrl(applicationId, guildId)}\n`);
}

main().catch((error: unknown) => {
  // Neither branch prints the token: config errors name variables only, API errors carry status and path.
  if (error instanceof ConfigError || error instanceof ScheduleFileError)
    process.stderr.write(`${error.message}\n`);
  else
    process.stderr.write(
      `Registering the commands failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  process.exitCode = 1;
});
