// `/optout subscribe [schedule] [time zone]`, `/optout unsubscribe` and `/optout status`: the hook
// startSlack calls for the announcement sub-commands. The flow and its wording are src/announce's
// (createSubscriptionCommands); this file does Slack's part: who may change a subscription (workspace
// admins and owners via users.info, and the ids in SLACK_ANNOUNCE_ADMINS; anyone may ask for the status),
// whether the bot can read the channel, and Block Kit. The store keeps the channel, the schedule, the zone
// and the subscriber's user id, nothing else.

import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import {
  type AnnouncementService,
  type CommandResult,
  type CommandWording,
  commandFailure,
  createSubscriptionCommands,
  messages,
  type Target,
} from '../../src/announce/index.js';
import type { Clock, Logger } from '../../src/core/index.js';
import type { AnnouncementContext, AnnouncementSubcommand, AnnouncementsHook } from './deps.js';
import { toMrkdwn } from './mrkdwn.js';
import { type Block, context, type SlackMessage, section } from './render.js';

/** Slack's side of the shared wording: its command syntax and who may subscribe. */
const WORDING: CommandWording = {
  usage: {
    subscribe: '`/optout subscribe [schedule] [time zone]`',
    unsubscribe: '`/optout unsubscribe`',
    status: '`/optout status`',
  },
  allowed: 'workspace admins and owners, and people the bot’s operator has allowed',
};

// The answers the tests (and anyone quoting them) compare against, from the shared catalog.
export const REFUSED = commandFailure(WORDING, 'refused').text;
export const ADMIN_CHECK_FAILED = commandFailure(WORDING, 'permission-check-failed').text;
export const FAILED = commandFailure(WORDING, 'failed').text;
export const NOT_A_MEMBER = messages['subscribe.not-a-member']({ invite: '`/invite @optout`' });

export interface SlackAnnouncementCommandsOptions {
  /** The running announcement service (the scheduler works out the next announcement for `status`). */
  service: Pick<AnnouncementService, 'store' | 'schedules' | 'scheduler'>;
  /** SlackConfig.announceAdmins: user ids allowed besides workspace admins and owners. */
  admins: readonly string[];
  logger: Logger;
  clock?: Clock;
  /** The zone used when `subscribe` names none. */
  defaultTimeZone?: string;
}

type AdminVerdict = 'allowed' | 'refused' | 'unknown';

export function createSlackAnnouncementCommands(o: SlackAnnouncementCommandsOptions): AnnouncementsHook {
  const { logger } = o;
  const admins = new Set(o.admins);
  const commands = createSubscriptionCommands(o.service, {
    wording: WORDING,
    defaultTimeZone: o.defaultTimeZone,
    clock: o.clock,
  });

  // Outcomes and the schedule chosen; never the user's id or the channel.
  const log = (sub: AnnouncementSubcommand, result: CommandResult) => {
    const chosen = result.ok && result.code === 'subscribed' ? result.subscription : undefined;
    const extra = chosen ? { schedule: chosen.schedule, timeZone: chosen.timeZone } : {};
    logger.info('slack.announce_command', { sub, outcome: result.code, ...extra });
  };

  async function isAdmin(ctx: AnnouncementContext): Promise<AdminVerdict> {
    if (admins.has(ctx.userId)) return 'allowed';
    try {
      const { user } = await ctx.client.users.info({ user: ctx.userId });
      return user?.is_admin || user?.is_owner || user?.is_primary_owner ? 'allowed' : 'refused';
    } catch (error) {
      logger.warn('slack.announce_admin_check_failed', { error: describe(error) });
      return 'unknown';
    }
  }

  async function run(sub: AnnouncementSubcommand, ctx: AnnouncementContext, target: Target) {
    if (sub === 'status') return { result: await commands.status(target), extra: [] };
    const verdict = await isAdmin(ctx);
    if (verdict !== 'allowed') {
      return {
        result: commands.failure(verdict === 'refused' ? 'refused' : 'permission-check-failed'),
        extra: [],
      };
    }
    if (sub === 'unsubscribe') return { result: await commands.unsubscribe(target), extra: [] };
    const words = ctx.args.split(' ').filter(Boolean);
    const result = await commands.subscribe(target, { words }, ctx.userId);
    // Subscribed a channel the bot cannot read: it could not post there either, so say so now.
    const member = result.ok ? await canRead(ctx.client, target.channelId) : undefined;
    return { result, extra: member === false ? [section(toMrkdwn(NOT_A_MEMBER, []))] : [] };
  }

  return {
    async handle(sub, ctx) {
      const target: Target = { platform: 'slack', workspaceId: ctx.teamId, channelId: ctx.channelId };
      try {
        const { result, extra } = await run(sub, ctx, target);
        log(sub, result);
        return render(result, extra);
      } catch (error) {
        logger.error('slack.announce_command_failed', { sub, error });
        return render(commands.failure('failed'));
      }
    },
  };
}

/**
 * The shared answer as Block Kit: its text (core markdown, escaped) as one section and the notification
 * text, then the next announcement in each reader's own zone, then any note of the adapter's.
 */
function render(result: CommandResult, extra: Block[] = []): SlackMessage {
  const mrkdwn = toMrkdwn(result.text, []);
  const next = result.ok ? result.next : undefined;
  // The sentence is plain words and the token is Slack markup, so it goes in unescaped.
  const local = next ? [context(messages['status.in-your-time']({ when: localTimeToken(next) }))] : [];
  return { text: mrkdwn, blocks: [section(mrkdwn), ...local, ...extra] };
}

/** Slack shows this in each reader's own zone; the fallback is UTC. */
function localTimeToken(at: Date): string {
  const unix = Math.floor(at.getTime() / 1000);
  const fallback = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${unix}^{date_short_pretty} at {time}|${fallback}>`;
}

/**
 * Whether the bot can read (and so post in) the channel: false when Slack says it is not a member or
 * cannot see the channel, undefined when it could not tell.
 */
async function canRead(client: webApi.WebClient, channel: string): Promise<boolean | undefined> {
  try {
    await client.conversations.history({ channel, limit: 1 });
    return true;
  } catch (error) {
    const code = slackErrorCode(error);
    return code === 'not_in_channel' || code === 'channel_not_found' ? false : undefined;
  }
}

/** A Slack Web API platform error, whose `data.error` is Slack's code (e.g. `not_in_channel`). */
const platformError = z.object({ data: z.object({ error: z.string() }) });

function slackErrorCode(error: unknown): string | undefined {
  return platformError.safeParse(error).data?.data.error;
}

function describe(error: unknown): string {
  const code = slackErrorCode(error);
  if (code !== undefined) return code;
  return error instanceof Error ? error.message : String(error);
}
