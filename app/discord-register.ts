// `npm run discord:register [-- options]`: registers or updates the commands, clears the copies the
// options name, then prints the install links. Run it after creating the application and again whenever
// the commands change; `-- --help` lists the options.
import 'dotenv/config';
import {
  clearingFailed,
  describeRegistration,
  discordEnv,
  discordMessages,
  parseRegisterArgs,
  RegisterUsageError,
  registerDiscordCommands,
} from '../adapters/discord/index.js';
import { loadSchedules, schedulesPath } from '../src/announce/index.js';
import { createLogger, defaultKnowledgeDir, hasCode, loadKnowledge } from '../src/core/index.js';
import { ConfigError, loadConfig } from './config.js';
import { openLanguages } from './languages.js';

async function main(): Promise<void> {
  // Before the environment, so `--help` and a mistyped flag need no configuration.
  const args = parseRegisterArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${discordMessages['register.usage']()}\n`);
    return;
  }
  const config = loadConfig();
  const discord = discordEnv.parse(process.env, config);
  if (!discord.ok) throw new ConfigError(discord.problems);
  if (!discord.config) {
    process.stderr.write(`${discordMessages['register.not-configured']()}\n`);
    process.exitCode = 1;
    return;
  }
  // /announce is always registered (the bot always has its database); its schedule choices come from the
  // same schedules.yaml the bot loads, so run this again after changing the schedules.
  const schedules = loadSchedules(schedulesPath(config.knowledgeDir ?? defaultKnowledgeDir()));
  // Each command's description in every language the knowledge base has (description_localizations).
  const knowledge = loadKnowledge(config.knowledgeDir ?? defaultKnowledgeDir());
  const languages = openLanguages(knowledge, createLogger('warn'));
  const describe = (code: string, key: string) => {
    const text = languages.get(code)?.ui[key];
    return typeof text === 'string' ? text : undefined;
  };
  const { result, links } = await registerDiscordCommands(discord.config, schedules, args, describe);
  process.stdout.write(`${describeRegistration(result, links)}\n`);
  // The commands are registered, but a copy the admin asked to remove is still there.
  if (clearingFailed(result)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  if (error instanceof RegisterUsageError) {
    process.stderr.write(`${error.message}\n\n${discordMessages['register.usage']()}\n`);
    process.exitCode = 2;
    return;
  }
  // Neither branch prints the token: config and schedule errors name variables and files only, API errors
  // carry status and path.
  if (hasCode(error)) process.stderr.write(`${error.message}\n`);
  else
    process.stderr.write(
      `${discordMessages['register.failed']({ reason: error instanceof Error ? error.message : String(error) })}\n`,
    );
  process.exitCode = 1;
});
