// `/announce subscribe [schedule] [timezone] [language]`, `/announce unsubscribe` and `/announce status`: a
// channel's scheduled deadline announcements. The flow and all its wording come from src/announce
// (createSubscriptionCommands); this file does Discord's side: the command definition, who may change a
// subscription (Manage Channels in that channel), what the bot itself may do there, time-zone
// autocomplete, the server's locale as the default language, and the replies: in the member's own Discord
// language (the interaction's locale), a subscribe's confirmation in the channel's announcement language.

import {
  type APIApplicationCommandOptionChoice,
  ApplicationIntegrationType,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  InteractionContextType,
  PermissionFlagsBits,
  type PermissionResolvable,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  SlashCommandBuilder,
} from 'discord.js';
import {
  type AnnouncementService,
  type CommandFailure,
  type CommandResult,
  type CommandWording,
  commandFailure,
  createSubscriptionCommands,
  languageOfHint,
  messagesIn,
  type Schedules,
  SUBSCRIPTION_LANGUAGES,
  type SubscribeRequest,
  type Target,
  type Voice,
} from '../../src/announce/index.js';
import { type Clock, type Logger, silentLogger, systemClock } from '../../src/core/index.js';
import type { DiscordCommand } from './commands.js';
import { LIMITS, truncate } from './limits.js';
import { type DiscordPayload, renderNotice } from './render.js';
import { timeZoneChoices } from './timezones.js';

export const ANNOUNCE_COMMAND = 'announce';
export const SCHEDULE_OPTION = 'schedule';
export const TIMEZONE_OPTION = 'timezone';
/** Its description translations are `command.announce.language.description` in knowledge/i18n. */
export const LANGUAGE_OPTION = 'language';

/** How members type the sub-commands, as the hints show them. */
const USAGE = {
  subscribe: `\`/${ANNOUNCE_COMMAND} subscribe\``,
  unsubscribe: `\`/${ANNOUNCE_COMMAND} unsubscribe\``,
  status: `\`/${ANNOUNCE_COMMAND} status\``,
};

/**
 * Discord's side of the shared wording: its command syntax, who may subscribe, where announcements go (in
 * ui.yaml as `discord.announce.*`, with Discord's own names of its permissions in each language).
 */
function wording(voice: Voice): CommandWording {
  return {
    usage: USAGE,
    allowed: (language) => voice.say('discord.announce.allowed', { language }),
    channels: (language) => voice.say('discord.announce.channels', { language }),
  };
}

// The answers the tests (and anyone quoting them) compare against, from the shared catalog.
export const dmNotice = (voice: Voice, language?: string) =>
  commandFailure(voice, wording(voice), 'not-in-a-channel', language).text;
export const refusalNotice = (voice: Voice, language?: string) =>
  commandFailure(voice, wording(voice), 'refused', language).text;

/** Each language by its own name ("Deutsch"), so members find theirs whatever their client's language. */
function languageChoices(): APIApplicationCommandOptionChoice<string>[] {
  return SUBSCRIPTION_LANGUAGES.map((l) => ({ name: l.name, value: l.code }));
}

/** Offered before anything is typed: the zones most servers need, then typing narrows all of them. */
function scheduleChoices(schedules: Schedules): APIApplicationCommandOptionChoice<string>[] {
  return [...schedules.values()].map((s) => ({
    name: truncate(`${s.name}: ${s.description}`, LIMITS.choiceName),
    value: s.name,
  }));
}

/**
 * What `npm run discord:register` sends for /announce. Schedules are choices when there are at most 25
 * (Discord's limit), otherwise autocompleted. Server channels only; hidden by default from members without
 * Manage Channels, which server admins can change under Server Settings → Integrations. Guild installs
 * only, unlike the answering commands: it changes what the bot posts in a server's channel, so it belongs
 * to the servers that added the bot, not to members who installed the app to their own account.
 */
export function announceDefinition(schedules: Schedules): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const choices = scheduleChoices(schedules);
  return new SlashCommandBuilder()
    .setName(ANNOUNCE_COMMAND)
    .setDescription('Scheduled reminders about the opt-out deadline in this channel')
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageChannels)
    .addSubcommand((s) =>
      s
        .setName('subscribe')
        .setDescription('Post the deadline reminders in this channel (needs Manage Channels)')
        .addStringOption((o) => {
          o.setName(SCHEDULE_OPTION).setDescription('Which reminders (default: default)');
          return choices.length <= LIMITS.autocompleteChoices
            ? o.addChoices(...choices)
            : o.setAutocomplete(true).setMaxLength(LIMITS.choiceValue);
        })
        .addStringOption((o) =>
          o
            .setName(TIMEZONE_OPTION)
            .setDescription('Time zone for the posting times, e.g. Europe/Berlin (default: UTC)')
            .setAutocomplete(true)
            .setMaxLength(LIMITS.choiceValue),
        )
        .addStringOption((o) =>
          o
            .setName(LANGUAGE_OPTION)
            .setDescription('Language of the reminders (default: the server’s language)')
            .addChoices(...languageChoices()),
        ),
    )
    .addSubcommand((s) =>
      s.setName('unsubscribe').setDescription('Stop the reminders in this channel (needs Manage Channels)'),
    )
    .addSubcommand((s) =>
      s
        .setName('status')
        .setDescription("This channel's reminders: the next one and when, or why they stopped"),
    )
    .toJSON();
}

export interface AnnounceCommandOptions {
  /** Says the replies in the member's language (knowledge/i18n ui.yaml): the bot. */
  voice: Voice;
  /** The running announcement service (createAnnouncementService): its store, schedules and scheduler. */
  announcements: Pick<AnnouncementService, 'store' | 'schedules' | 'scheduler'>;
  clock?: Clock;
  logger?: Logger;
  /** Zone for `subscribe` without one (default UTC). */
  defaultTimeZone?: string;
}

/** Each plan carries the member's language (`languageOfHint` of the interaction's locale). */
type Plan = { language: string } & (
  | { kind: 'answer'; result: CommandFailure }
  | { kind: 'notice'; text: string }
  | {
      kind: 'subscribe';
      target: Target;
      request: SubscribeRequest;
      userId: string;
      /** The server's locale (its Community language), the language when the member picked none. */
      guildLocale: string | null;
    }
  | { kind: 'unsubscribe'; target: Target }
  | { kind: 'status'; target: Target }
);

/**
 * The shared answer as a Discord message. The next announcement is shown with `<t:…>`, which Discord
 * renders in each reader's own zone, and how soon; `note` is this adapter's own warning, if any.
 */
function render(voice: Voice, language: string, result: CommandResult, note = ''): DiscordPayload {
  const next = result.ok ? result.next : undefined;
  const unix = next && Math.floor(next.getTime() / 1000);
  const inYourTime = messagesIn(voice, { language })['status.in-your-time'];
  const local = unix === undefined ? '' : `\n${inYourTime({ when: `<t:${unix}:F> (<t:${unix}:R>)` })}`;
  return renderNotice(`${result.text}${local}${note}`);
}

/** What the bot itself lacks to post announcements in the channel the command came from (ui.yaml keys). */
function missingBotPermissions(interaction: ChatInputCommandInteraction): string[] {
  const inThread = interaction.channel?.isThread() ?? false;
  const needed: Array<[string, PermissionResolvable]> = [
    ['view-channel', PermissionFlagsBits.ViewChannel],
    inThread
      ? ['send-messages-in-threads', PermissionFlagsBits.SendMessagesInThreads]
      : ['send-messages', PermissionFlagsBits.SendMessages],
    ['embed-links', PermissionFlagsBits.EmbedLinks],
  ];
  const granted = interaction.appPermissions;
  return needed.filter(([, flag]) => !granted.has(flag)).map(([name]) => name);
}

/** A warning after subscribing when the bot could not post (or show) announcements in this channel. */
function permissionNote(voice: Voice, language: string, interaction: ChatInputCommandInteraction): string {
  const missing = missingBotPermissions(interaction);
  if (missing.length === 0) return '';
  const names = missing.map((p) => voice.say(`discord.permission.${p}`, { language })).join(', ');
  const messages = messagesIn(voice, { language });
  const note =
    missing.length === 1 && missing[0] === 'embed-links'
      ? messages['subscribe.cannot-embed']({ missing: names })
      : messages['subscribe.cannot-post']({ missing: names, status: USAGE.status });
  return `\n\n${note}`;
}

export function createAnnounceCommand(opts: AnnounceCommandOptions): DiscordCommand {
  const { schedules } = opts.announcements;
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? silentLogger;
  const { voice } = opts;
  const definition = announceDefinition(schedules);
  const commands = createSubscriptionCommands(opts.announcements, {
    voice,
    wording: wording(voice),
    defaultTimeZone: opts.defaultTimeZone,
    clock,
  });

  // Everything that can be decided without the database, so refusals are known (and private) up front.
  function plan(interaction: ChatInputCommandInteraction): Plan {
    const language = languageOfHint(interaction.locale);
    const answer = (result: CommandFailure): Plan => ({ kind: 'answer', result, language });
    if (!interaction.inGuild()) return answer(commands.failure('not-in-a-channel', language));
    // The bot caches every server it is in (the Guilds intent). A server it is not in can still send this
    // command: one added with the commands scope alone, or a registration from when /announce was
    // user-installable. Announcements could never be posted there, so nothing is stored.
    if (!interaction.inCachedGuild()) {
      return {
        kind: 'notice',
        text: voice.say('discord.announce.bot-not-in-server', { language }),
        language,
      };
    }
    const target: Target = {
      platform: 'discord',
      workspaceId: interaction.guildId,
      channelId: interaction.channelId,
    };
    const sub = interaction.options.getSubcommand(false);
    if (sub === 'status') return { kind: 'status', target, language };
    if (sub !== 'subscribe' && sub !== 'unsubscribe')
      return answer(commands.failure('unknown-command', language));
    // The member's permissions in this channel, overwrites included, as Discord computed them. Checked
    // here as well as by the default member permissions, which server admins can change.
    if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageChannels)) {
      return answer(commands.failure('refused', language));
    }
    if (sub === 'unsubscribe') return { kind: 'unsubscribe', target, language };
    const request = {
      schedule: interaction.options.getString(SCHEDULE_OPTION) ?? undefined,
      timeZone: interaction.options.getString(TIMEZONE_OPTION) ?? undefined,
      language: interaction.options.getString(LANGUAGE_OPTION) ?? undefined,
    };
    const invalid = commands.check(request, language);
    if (invalid) return answer(invalid);
    const { guildLocale } = interaction;
    return { kind: 'subscribe', target, request, userId: interaction.user.id, guildLocale, language };
  }

  async function run(
    p: Exclude<Plan, { kind: 'answer' | 'notice' }>,
    interaction: ChatInputCommandInteraction,
  ) {
    const { target, language } = p;
    const fields = { guild: target.workspaceId, channel: target.channelId };
    if (p.kind === 'status') return render(voice, language, await commands.status(target, language));
    if (p.kind === 'unsubscribe') {
      const result = await commands.unsubscribe(target, language);
      logger.info('discord announcements unsubscribed', {
        ...fields,
        removed: result.code === 'unsubscribed',
      });
      return render(voice, language, result);
    }
    // Who subscribed is the one thing kept about a person (their user id), as the store documents.
    const locale = { locale: () => p.guildLocale };
    const result = await commands.subscribe(target, p.request, p.userId, locale, language);
    if (!result.ok) return render(voice, language, result);
    logger.info('discord announcements subscribed', {
      ...fields,
      schedule: result.subscription?.schedule,
      timeZone: result.subscription?.timeZone,
      language: result.subscription?.language,
    });
    // Posted in the channel, like the confirmation it follows: in the channel's announcement language.
    const channel = result.subscription?.language ?? language;
    return render(voice, channel, result, permissionNote(voice, channel, interaction));
  }

  return {
    definition,
    // Refusals, mistakes and status go only to the caller; a change to the channel's subscription is
    // announced in the channel, so its members know.
    ephemeral: (interaction) => {
      const kind = plan(interaction).kind;
      return kind === 'answer' || kind === 'notice' || kind === 'status';
    },
    execute(interaction): DiscordPayload | Promise<DiscordPayload> {
      const p = plan(interaction);
      if (p.kind === 'notice') return renderNotice(p.text);
      return p.kind === 'answer' ? render(voice, p.language, p.result) : run(p, interaction);
    },
    autocomplete(interaction: AutocompleteInteraction) {
      const focused = interaction.options.getFocused(true);
      const typed = String(focused.value);
      if (focused.name === TIMEZONE_OPTION) return timeZoneChoices(typed, clock.now());
      if (focused.name === SCHEDULE_OPTION) {
        const query = typed.trim().toLowerCase();
        return scheduleChoices(schedules)
          .filter((c) => c.name.toLowerCase().includes(query))
          .slice(0, LIMITS.autocompleteChoices);
      }
      return [];
    },
  };
}
