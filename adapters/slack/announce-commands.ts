// `/optout subscribe [schedule] [time zone] [language]`, `/optout unsubscribe` and `/optout status`: the hook
// startSlack calls for the announcement sub-commands. The flow and its wording are src/announce's
// (createSubscriptionCommands); this file does Slack's part: who may change a subscription (admins.ts;
// anyone may ask for the status), whether the bot can post in the channel, Block Kit, and the App Home's
// list of the workspace's subscriptions. The store keeps the channel, the schedule, the zone, the language
// and the subscriber's user id, nothing else. A subscribe naming no language takes the subscriber's own
// Slack locale (users.info, see locale.ts), else English.
//
// Whether the bot can post is learnt without reading the channel: a successful `subscribe` is shown with
// chat.postEphemeral, which Slack refuses with not_in_channel (channel_not_found for a private channel)
// when the bot is not a member. So the check needs only chat:write, not channels:history/groups:history
// (conversations.history) or channels:read/groups:read (conversations.info).

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
import { type AdminVerdict, createAdminCheck, type ExtraAdmins } from './admins.js';
import {
  type AnnouncementContext,
  type AnnouncementSubcommand,
  type AnnouncementsHook,
  SHOWN,
} from './deps.js';
import { slackErrorCode } from './errors.js';
import { slackMessages } from './messages.js';
import { toMrkdwn } from './mrkdwn.js';
import { type Block, context, type SlackMessage, section } from './render.js';

/** Slack's side of the shared wording: its command syntax and who may subscribe. */
const WORDING: CommandWording = {
  usage: {
    subscribe: '`/optout subscribe [schedule] [time zone] [language]`',
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
/** Refused because users:read was not granted: only the listed ids may change subscriptions. */
export const ADMINS_ONLY_LISTED = slackMessages['announce.admins-only-listed']({
  status: WORDING.usage.status,
});
/** The same when distributed: only the installer may. */
export const ADMINS_ONLY_INSTALLER = slackMessages['announce.admins-only-installer']({
  status: WORDING.usage.status,
});

/** Slack's answers to chat.postEphemeral that mean the bot is not in the channel (or cannot see it). */
const NOT_A_MEMBER_ERRORS = new Set(['not_in_channel', 'channel_not_found', 'no_permission']);

export interface SlackAnnouncementCommandsOptions {
  /** The running announcement service (the scheduler works out the next announcement for `status`). */
  service: Pick<AnnouncementService, 'store' | 'schedules' | 'scheduler'>;
  /**
   * Allowed besides workspace admins and owners: SlackConfig.announceAdmins (one workspace), or whether
   * the user installed the app in that workspace (distributed mode).
   */
  admins: ExtraAdmins;
  logger: Logger;
  clock?: Clock;
  /** The zone used when `subscribe` names none. */
  defaultTimeZone?: string;
}

export function createSlackAnnouncementCommands(o: SlackAnnouncementCommandsOptions): AnnouncementsHook {
  const { logger } = o;
  const isAdmin = createAdminCheck(o.admins, logger);
  const commands = createSubscriptionCommands(o.service, {
    wording: WORDING,
    defaultTimeZone: o.defaultTimeZone,
    clock: o.clock,
  });

  // Outcomes and the schedule chosen; never the user's id or the channel.
  const log = (sub: AnnouncementSubcommand, result: CommandResult) => {
    const chosen = result.ok && result.code === 'subscribed' ? result.subscription : undefined;
    const extra = chosen
      ? { schedule: chosen.schedule, timeZone: chosen.timeZone, language: chosen.language }
      : {};
    logger.info('slack.announce_command', { sub, outcome: result.code, ...extra });
  };

  async function run(sub: AnnouncementSubcommand, ctx: AnnouncementContext, target: Target) {
    if (sub === 'status') return render(await commands.status(target));
    const verdict = await isAdmin(ctx.client, ctx.teamId, ctx.userId);
    if (verdict !== 'allowed') return render(refusal(verdict));
    if (sub === 'unsubscribe') return render(await commands.unsubscribe(target));
    const words = ctx.args.split(' ').filter(Boolean);
    const result = await commands.subscribe(target, { words }, ctx.userId, { locale: ctx.locale });
    if (!result.ok) return render(result);
    const shown = await showInChannel(ctx, render(result));
    if (shown === 'shown') return { result, answer: SHOWN };
    // Subscribed a channel the bot cannot post in: say so now, not when the first announcement pauses.
    const note = shown === 'not-a-member' ? [section(toMrkdwn(NOT_A_MEMBER, []))] : [];
    return render(result, note);
  }

  function refusal(verdict: Exclude<AdminVerdict, 'allowed'>): CommandResult {
    if (verdict === 'no-scope') {
      const text = typeof o.admins === 'function' ? ADMINS_ONLY_INSTALLER : ADMINS_ONLY_LISTED;
      return { ok: false, code: 'refused', text };
    }
    return commands.failure(verdict === 'refused' ? 'refused' : 'permission-check-failed');
  }

  return {
    async handle(sub, ctx) {
      const target: Target = { platform: 'slack', workspaceId: ctx.teamId, channelId: ctx.channelId };
      try {
        const { result, answer } = await run(sub, ctx, target);
        log(sub, result);
        return answer;
      } catch (error) {
        logger.error('slack.announce_command_failed', { sub, error });
        return render(commands.failure('failed')).answer;
      }
    },

    async overview(viewer) {
      const verdict = await isAdmin(viewer.client, viewer.teamId, viewer.userId);
      if (verdict === 'refused') return { access: 'not-admin' };
      if (verdict === 'unknown') return { access: 'cannot-check' };
      if (verdict === 'no-scope') return { access: 'no-scope' };
      const all = await o.service.store.listSubscriptions({ platform: 'slack' });
      return { access: 'admin', subscriptions: all.filter((s) => s.workspaceId === viewer.teamId) };
    },
  };
}

/**
 * Show a subscribe answer to whoever ran the command, in the channel, with the bot's own token: 'shown',
 * or 'not-a-member' when Slack says the bot cannot post there, or 'failed' for any other refusal (the
 * caller then answers through the response_url, which works anywhere).
 */
async function showInChannel(
  ctx: AnnouncementContext,
  message: { answer: SlackMessage },
): Promise<'shown' | 'not-a-member' | 'failed'> {
  try {
    await ctx.client.chat.postEphemeral({ channel: ctx.channelId, user: ctx.userId, ...message.answer });
    return 'shown';
  } catch (error) {
    const code = slackErrorCode(error);
    return code !== undefined && NOT_A_MEMBER_ERRORS.has(code) ? 'not-a-member' : 'failed';
  }
}

/**
 * The shared answer as Block Kit: its text (core markdown, escaped) as one section and the notification
 * text, then the next announcement in each reader's own zone, then any note of the adapter's.
 */
function render(result: CommandResult, extra: Block[] = []): { result: CommandResult; answer: SlackMessage } {
  const mrkdwn = toMrkdwn(result.text, []);
  const next = result.ok ? result.next : undefined;
  // The sentence is plain words and the token is Slack markup, so it goes in unescaped.
  const local = next ? [context(messages['status.in-your-time']({ when: localTimeToken(next) }))] : [];
  return { result, answer: { text: mrkdwn, blocks: [section(mrkdwn), ...local, ...extra] } };
}

/** Slack shows this in each reader's own zone; the fallback is UTC. */
function localTimeToken(at: Date): string {
  const unix = Math.floor(at.getTime() / 1000);
  const fallback = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${unix}^{date_short_pretty} at {time}|${fallback}>`;
}
