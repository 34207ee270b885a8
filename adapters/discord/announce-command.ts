// `/announce subscribe [schedule] [timezone]`, `/announce unsubscribe` and `/announce status`: a channel's
// scheduled deadline announcements. The schedules, the zone checks, the storage and the status wording
// come from src/announce; this file does Discord's side: the command definition, who may change a
// subscription (Manage Channels in that channel), time-zone autocomplete and the replies.

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
  formatStatus,
  resolveSubscribeRequest,
  type Schedules,
  type SubscriptionStatus,
  subscriptionStatus,
  type Target,
} from '../../src/announce/index.js';
import { type Clock, type Logger, silentLogger, systemClock } from '../../src/core/index.js';
import type { DiscordCommand } from './commands.js';
import { LIMITS, truncate } from './limits.js';
import { type DiscordPayload, renderNotice } from './render.js';
import { timeZoneChoices } from './timezones.js';

export const ANNOUNCE_COMMAND = 'announce';
export const SCHEDULE_OPTION = 'schedule';
export const TIMEZONE_OPTION = 'timezone';

export const DM_NOTICE =
  'Announcements are posted in server channels. Run `/announce subscribe` in the channel that should get them.';
export const REFUSAL_NOTICE =
  'Only members who can manage this channel (the **Manage Channels** permission) can subscribe or ' +
  'unsubscribe it. Anyone can use `/announce status`.';

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
 * Manage Channels, which server admins can change under Server Settings → Integrations.
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
  /** The running announcement service (createAnnouncementService): its store, schedules and scheduler. */
  announcements: Pick<AnnouncementService, 'store' | 'schedules' | 'scheduler'>;
  clock?: Clock;
  logger?: Logger;
  /** Zone for `subscribe` without one (default UTC). */
  defaultTimeZone?: string;
}

type Plan =
  | { kind: 'notice'; text: string }
  | { kind: 'subscribe'; target: Target; schedule: string; timeZone: string; userId: string }
  | { kind: 'unsubscribe'; target: Target }
  | { kind: 'status'; target: Target };

/** Discord renders `<t:…>` in each reader's own zone: the next announcement in their time, and how soon. */
function inYourTime(status: SubscriptionStatus | undefined): string {
  if (!status?.next || status.subscription.state !== 'active') return '';
  const unix = Math.floor(status.next.at.getTime() / 1000);
  return `\nIn your time: <t:${unix}:F> (<t:${unix}:R>).`;
}

/** What the bot itself lacks to post announcements in the channel the command came from. */
function missingBotPermissions(interaction: ChatInputCommandInteraction): string[] {
  const inThread = interaction.channel?.isThread() ?? false;
  const needed: Array<[string, PermissionResolvable]> = [
    ['View Channel', PermissionFlagsBits.ViewChannel],
    inThread
      ? ['Send Messages in Threads', PermissionFlagsBits.SendMessagesInThreads]
      : ['Send Messages', PermissionFlagsBits.SendMessages],
    ['Embed Links', PermissionFlagsBits.EmbedLinks],
  ];
  const granted = interaction.appPermissions;
  return needed.filter(([, flag]) => !granted.has(flag)).map(([name]) => name);
}

/** A warning after subscribing when the bot could not post (or show) announcements in this channel. */
function permissionNote(interaction: ChatInputCommandInteraction): string {
  const missing = missingBotPermissions(interaction);
  if (missing.length === 0) return '';
  const consequence =
    missing.length === 1 && missing[0] === 'Embed Links'
      ? 'announcements would show without their card'
      : 'announcements cannot be posted here, and the subscription will pause (`/announce status` says why)';
  return `\n\n**Note:** I don't have ${missing.join(', ')} in this channel. Until I do, ${consequence}.`;
}

export function createAnnounceCommand(opts: AnnounceCommandOptions): DiscordCommand {
  const { store, schedules, scheduler } = opts.announcements;
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? silentLogger;
  const definition = announceDefinition(schedules);

  // Everything that can be decided without the database, so refusals are known (and private) up front.
  function plan(interaction: ChatInputCommandInteraction): Plan {
    if (!interaction.inGuild()) return { kind: 'notice', text: DM_NOTICE };
    const target: Target = {
      platform: 'discord',
      workspaceId: interaction.guildId,
      channelId: interaction.channelId,
    };
    const sub = interaction.options.getSubcommand(false);
    if (sub === 'status') return { kind: 'status', target };
    if (sub !== 'subscribe' && sub !== 'unsubscribe') {
      return {
        kind: 'notice',
        text: 'Use `/announce subscribe`, `/announce unsubscribe` or `/announce status`.',
      };
    }
    // The member's permissions in this channel, overwrites included, as Discord computed them. Checked
    // here as well as by the default member permissions, which server admins can change.
    if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageChannels)) {
      return { kind: 'notice', text: REFUSAL_NOTICE };
    }
    if (sub === 'unsubscribe') return { kind: 'unsubscribe', target };
    const resolved = resolveSubscribeRequest(
      schedules,
      {
        schedule: interaction.options.getString(SCHEDULE_OPTION) ?? undefined,
        timeZone: interaction.options.getString(TIMEZONE_OPTION) ?? undefined,
      },
      opts.defaultTimeZone,
    );
    if (!resolved.ok) return { kind: 'notice', text: resolved.error };
    return { kind: 'subscribe', target, ...resolved, userId: interaction.user.id };
  }

  async function run(p: Exclude<Plan, { kind: 'notice' }>, interaction: ChatInputCommandInteraction) {
    const { target } = p;
    const fields = { guild: target.workspaceId, channel: target.channelId };
    if (p.kind === 'status') {
      const status = await subscriptionStatus(store, scheduler, target, clock.now());
      return renderNotice(`${formatStatus(status)}${inYourTime(status)}`);
    }
    if (p.kind === 'unsubscribe') {
      const removed = await store.unsubscribe(target);
      logger.info('discord announcements unsubscribed', { ...fields, removed });
      return renderNotice(
        removed
          ? 'Unsubscribed: this channel gets no more deadline announcements.'
          : 'This channel was not subscribed to announcements.',
      );
    }
    // Who subscribed is the one thing kept about a person (their user id), as the store documents.
    await store.subscribe(
      { ...target, schedule: p.schedule, timeZone: p.timeZone, subscribedBy: p.userId },
      clock.now(),
    );
    logger.info('discord announcements subscribed', {
      ...fields,
      schedule: p.schedule,
      timeZone: p.timeZone,
    });
    const status = await subscriptionStatus(store, scheduler, target, clock.now());
    return renderNotice(
      `Subscribed. ${formatStatus(status)}${inYourTime(status)}${permissionNote(interaction)}`,
    );
  }

  return {
    definition,
    // Refusals, mistakes and status go only to the caller; a change to the channel's subscription is
    // announced in the channel, so its members know.
    ephemeral: (interaction) => {
      const kind = plan(interaction).kind;
      return kind === 'notice' || kind === 'status';
    },
    execute(interaction): DiscordPayload | Promise<DiscordPayload> {
      const p = plan(interaction);
      return p.kind === 'notice' ? renderNotice(p.text) : run(p, interaction);
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
