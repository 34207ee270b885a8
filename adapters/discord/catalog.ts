// What only the Discord adapter says, keyed by identifier: the message command's name, and what
// `npm run discord:register` prints, for the operator, in English. What members read in Discord is in
// knowledge/i18n/<lang>/ui.yaml (`discord.*`), in their language. (messages.ts in this folder is the
// @mention handler, hence the name.)

/** How a command is shown in the registration summary: `/name` for slash commands, quoted for menus. */
export interface CommandLabel {
  name: string;
  /** Discord's command type: 1 slash command, 2 user menu, 3 message menu. */
  type: number;
}

const list = (labels: readonly CommandLabel[]) =>
  labels.map((c) => (c.type === 1 ? `/${c.name}` : `"${c.name}"`)).join(', ');
const commands = (n: number) => `${n} command${n === 1 ? '' : 's'}`;

export const discordMessages = {
  /** The message command's name in the Apps menu; registration and routing both use it. */
  'menu.ask': () => 'Ask optout-bot',
  'register.global': (p: { commands: readonly CommandLabel[] }) =>
    `Registered ${list(p.commands)} globally: they may take a few minutes to show (reload Discord with Ctrl+R).`,
  'register.guild': (p: { commands: readonly CommandLabel[]; guild: string }) =>
    `Registered ${list(p.commands)} in server ${p.guild}: available there now.`,
  'register.cleared-guild': (p: { removed: readonly CommandLabel[]; guild: string }) =>
    `Removed ${commands(p.removed.length)} (${list(p.removed)}) from server ${p.guild}.`,
  'register.cleared-global': (p: { removed: readonly CommandLabel[] }) =>
    `Removed ${commands(p.removed.length)} (${list(p.removed)}) registered globally.`,
  'register.nothing-in-guild': (p: { guild: string }) =>
    `Server ${p.guild} had no commands of this app: nothing to remove.`,
  'register.nothing-global': () => 'There were no global commands: nothing to remove.',
  'register.clear-failed': (p: { where: string; reason: string }) =>
    `Could not remove the commands ${p.where}: ${p.reason}`,
  'register.global-copies': (p: { found: readonly CommandLabel[]; guild: string }) =>
    `Note: ${commands(p.found.length)} of this app are also registered globally (${list(p.found)}), so ` +
    `members of server ${p.guild} see them twice. Global commands are the ones every other server uses: ` +
    'remove them only if nobody relies on them, with `npm run discord:register -- --clear-global`.',
  'register.global-check-failed': (p: { reason: string }) =>
    `Could not check for global copies of these commands: ${p.reason}`,
  'register.clear-hint': () =>
    'If you registered the commands in a test server before (DISCORD_GUILD_ID), that server shows each one ' +
    'twice: remove its copies with `npm run discord:register -- --clear-guild <server id>`.',
  'register.user-install-needs-global': () =>
    'Commands registered in one server are not available to people who install the app to their account: ' +
    'register globally (without DISCORD_GUILD_ID) for that.',
  'register.invite-server': (p: { url: string }) =>
    `Add the bot to a server, with the permissions it uses to answer @mentions and post announcements:\n${p.url}`,
  'register.invite-no-permissions': (p: { url: string }) =>
    'Or add it with no permissions of its own: the slash commands and the message command need none (they ' +
    "answer through Discord), while @mentions and announcements then work only where the server's roles " +
    `let the bot post:\n${p.url}`,
  'register.invite-user': (p: { url: string }) =>
    'Install it to your own account, to use it in any server or DM (needs User Install turned on under ' +
    `Installation in the Developer Portal):\n${p.url}`,
  'register.user-install-disabled': () =>
    'Discord refused the installation contexts of the commands. They are usable by people who install the ' +
    'app to their account (integration_types [0, 1]), which Discord accepts only when User Install is ' +
    'turned on: Developer Portal → your application → Installation → Installation Contexts.',
  'register.not-configured': () =>
    'Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (in the environment or .env) first.',
  'register.failed': (p: { reason: string }) => `Registering the commands failed: ${p.reason}`,
  'register.usage': () =>
    [
      'Usage: npm run discord:register -- [--clear-guild <server id>]... [--clear-global]',
      '  Registers the commands globally, or in the server DISCORD_GUILD_ID names, replacing that set.',
      '  --clear-guild ID  also remove this app’s commands from that server (a test server you registered',
      '                    in before); repeat it for more servers',
      '  --clear-global    with DISCORD_GUILD_ID: also remove the global commands (from every server)',
    ].join('\n'),
  'register.usage.unknown-flag': (p: { flag: string }) => `Unknown option ${p.flag}.`,
  'register.usage.bad-id': (p: { value: string }) =>
    `--clear-guild needs a server id (15-21 digits), got "${p.value}".`,
  'register.usage.same-guild': (p: { guild: string }) =>
    `--clear-guild ${p.guild} names the server DISCORD_GUILD_ID registers in: that would remove what was just registered.`,
  'register.usage.global-without-guild': () =>
    '--clear-global needs DISCORD_GUILD_ID: without it the global commands are the ones being registered. ' +
    'To remove a server’s copies, use --clear-guild <server id>.',
} as const;

export type DiscordMessageId = keyof typeof discordMessages;
