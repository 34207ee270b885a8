// `/optout subscribe [schedule] [time zone]`, `/optout unsubscribe` and `/optout status`: the hook
// startSlack calls for the announcement sub-commands. Subscribing and unsubscribing are for workspace admins
// and owners (users.info) and the ids in SLACK_ANNOUNCE_ADMINS; anyone may ask for the status. The store
// keeps the channel, the schedule, the zone and the subscriber's user id, nothing else.

import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import {
  type AnnouncementService,
  formatStatus,
  parseSubscribeWords,
  resolveSubscribeRequest,
  subscriptionStatus,
  type Target,
} from '../../src/announce/index.js';
import { type Clock, type Logger, systemClock } from '../../src/core/index.js';
import type { AnnouncementContext, AnnouncementSubcommand, AnnouncementsHook } from './deps.js';
import { toMrkdwn } from './mrkdwn.js';
import { type Block, context, type SlackMessage, section } from './render.js';

export const REFUSED =
  'Only workspace admins and owners, and people the bot’s operator has allowed, can subscribe or ' +
  'unsubscribe this channel. Ask one of them, or use `/optout status` to see what this channel gets.';

export const ADMIN_CHECK_FAILED =
  'I couldn’t check whether you’re a workspace admin, so I left the subscription as it is. Try again in a minute.';

export const FAILED = 'Something went wrong on my side and nothing was changed. Try again in a minute.';

export const NOT_A_MEMBER =
  'I’m not a member of this channel yet, so I can’t post here. Invite me (for example `/invite @optout`) ' +
  'before the next announcement is due, or it will be paused.';

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
  const { service, logger } = o;
  const clock = o.clock ?? systemClock;
  const admins = new Set(o.admins);

  const log = (sub: AnnouncementSubcommand, outcome: string, extra: Record<string, unknown> = {}) =>
    logger.info('slack.announce_command', { sub, outcome, ...extra });

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

  async function status(target: Target): Promise<SlackMessage> {
    const now = clock.now();
    const found = await subscriptionStatus(service.store, service.scheduler, target, now);
    const blocks: Block[] = [];
    const next = found?.subscription.state === 'active' ? found.next : undefined;
    if (next) blocks.push(context(`That is ${localTimeToken(next.at)} in your time zone.`));
    return message(formatStatus(found), blocks);
  }

  async function subscribe(ctx: AnnouncementContext, target: Target): Promise<SlackMessage> {
    const words = ctx.args.split(' ').filter(Boolean);
    const parsed = parseSubscribeWords(words, service.schedules);
    if ('error' in parsed) {
      log('subscribe', 'invalid');
      return message(parsed.error);
    }
    const resolved = resolveSubscribeRequest(service.schedules, parsed, o.defaultTimeZone);
    if (!resolved.ok) {
      log('subscribe', 'invalid');
      return message(resolved.error);
    }
    await service.store.subscribe(
      { ...target, schedule: resolved.schedule, timeZone: resolved.timeZone, subscribedBy: ctx.userId },
      clock.now(),
    );
    log('subscribe', 'subscribed', { schedule: resolved.schedule, timeZone: resolved.timeZone });
    const current = await status(target);
    const member = await canRead(ctx.client, target.channelId);
    const note = member === false ? [section(toMrkdwn(NOT_A_MEMBER, []))] : [];
    return {
      text: `Subscribed. ${current.text}`,
      blocks: [section('*Subscribed.*'), ...current.blocks, ...note],
    };
  }

  async function unsubscribe(target: Target): Promise<SlackMessage> {
    const removed = await service.store.unsubscribe(target);
    log('unsubscribe', removed ? 'unsubscribed' : 'not-subscribed');
    return message(
      removed
        ? 'Unsubscribed: this channel will get no more announcements.'
        : 'This channel was not subscribed to announcements.',
    );
  }

  return {
    async handle(sub, ctx) {
      const target: Target = { platform: 'slack', workspaceId: ctx.teamId, channelId: ctx.channelId };
      try {
        if (sub === 'status') {
          log('status', 'shown');
          return await status(target);
        }
        const verdict = await isAdmin(ctx);
        if (verdict !== 'allowed') {
          log(sub, verdict === 'refused' ? 'refused' : 'admin-check-failed');
          return message(verdict === 'refused' ? REFUSED : ADMIN_CHECK_FAILED);
        }
        return sub === 'subscribe' ? await subscribe(ctx, target) : await unsubscribe(target);
      } catch (error) {
        logger.error('slack.announce_command_failed', { sub, error });
        return message(FAILED);
      }
    },
  };
}

/** Plain text with the core's **bold**, as one escaped mrkdwn section (and the same text for notifications). */
function message(text: string, extra: Block[] = []): SlackMessage {
  const mrkdwn = toMrkdwn(text, []);
  return { text: mrkdwn, blocks: [section(mrkdwn), ...extra] };
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
