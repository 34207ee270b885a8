// `/optout subscribe [schedule] [time zone] [language]`, `/optout unsubscribe` and `/optout status`: the hook
// startSlack calls for the announcement sub-commands. The flow and its wording are src/announce's
// (createSubscriptionCommands); this file does Slack's part: who may change a subscription (admins.ts;
// anyone may ask for the status), whether the bot can post in the channel, Block Kit, and the App Home's
// list of the workspace's subscriptions. The store keeps the channel, the schedule, the zone, the language
// and the subscriber's user id, nothing else. A subscribe naming no language takes the subscriber's own
// Slack locale (users.info, see locale.ts), else English. Replies are in the asker's Slack locale too; a
// subscribe's confirmation, which the channel sees, in the channel's announcement language.
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
  DEFAULT_LANGUAGE,
  languageOfHint,
  messagesIn,
  type Target,
  type Voice,
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
import { toMrkdwn } from './mrkdwn.js';
import { type Block, context, type SlackMessage, section } from './render.js';

const USAGE = {
  subscribe: '`/optout subscribe [schedule] [time zone] [language]`',
  unsubscribe: '`/optout unsubscribe`',
  status: '`/optout status`',
};

/** Slack's side of the shared wording: its command syntax and who may subscribe (ui.yaml `slack.*`). */
const wording = (voice: Voice): CommandWording => ({
  usage: USAGE,
  allowed: (language) => voice.say('slack.announce.allowed', { language }),
});

// The answers the tests (and anyone quoting them) compare against, from the catalogs, in `language`.
export const refusedText = (voice: Voice, language?: string) =>
  commandFailure(voice, wording(voice), 'refused', language).text;
export const adminCheckFailedText = (voice: Voice, language?: string) =>
  commandFailure(voice, wording(voice), 'permission-check-failed', language).text;
export const failedText = (voice: Voice, language?: string) =>
  commandFailure(voice, wording(voice), 'failed', language).text;
export const notAMemberText = (voice: Voice, language?: string) =>
  messagesIn(voice, { language })['subscribe.not-a-member']({ invite: '`/invite @optout`' });
/** Refused because users:read was not granted: only the listed ids may change subscriptions. */
export const adminsOnlyListedText = (voice: Voice, language?: string) =>
  voice.say('slack.announce.admins-only-listed', { language }, { status: USAGE.status });
/** The same when distributed: only the installer may. */
export const adminsOnlyInstallerText = (voice: Voice, language?: string) =>
  voice.say('slack.announce.admins-only-installer', { language }, { status: USAGE.status });

/** Slack's answers to chat.postEphemeral that mean the bot is not in the channel (or cannot see it). */
const NOT_A_MEMBER_ERRORS = new Set(['not_in_channel', 'channel_not_found', 'no_permission']);

export interface SlackAnnouncementCommandsOptions {
  /** Says the replies in the asker's language (knowledge/i18n ui.yaml): the bot. */
  voice: Voice;
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
  const { logger, voice } = o;
  const isAdmin = createAdminCheck(o.admins, logger);
  const commands = createSubscriptionCommands(o.service, {
    voice,
    wording: wording(voice),
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

  async function run(
    sub: AnnouncementSubcommand,
    ctx: AnnouncementContext,
    target: Target,
    asker: () => Promise<string>,
  ) {
    const show = (result: CommandResult, language: string, extra?: Block[]) =>
      render(voice, language, result, extra);
    if (sub === 'status') {
      const language = await asker();
      return show(await commands.status(target, language), language);
    }
    // Who may is asked first: the locale lookup is the same users.info method, and it waits for it.
    const verdict = await isAdmin(ctx.client, ctx.teamId, ctx.userId);
    const language = await asker();
    if (verdict !== 'allowed') return show(refusal(verdict, language), language);
    if (sub === 'unsubscribe') return show(await commands.unsubscribe(target, language), language);
    const words = ctx.args.split(' ').filter(Boolean);
    const result = await commands.subscribe(target, { words }, ctx.userId, { locale: ctx.locale }, language);
    if (!result.ok) return show(result, language);
    // The confirmation is what the channel's announcements will read like: in their language.
    const channel = result.subscription?.language ?? language;
    const shown = await showInChannel(ctx, show(result, channel));
    if (shown === 'shown') return { result, answer: SHOWN };
    // Subscribed a channel the bot cannot post in: say so now, not when the first announcement pauses.
    const note = shown === 'not-a-member' ? [section(toMrkdwn(notAMemberText(voice, channel), []))] : [];
    return show(result, channel, note);
  }

  function refusal(verdict: Exclude<AdminVerdict, 'allowed'>, language: string): CommandResult {
    if (verdict === 'no-scope') {
      const only = typeof o.admins === 'function' ? adminsOnlyInstallerText : adminsOnlyListedText;
      return { ok: false, code: 'refused', text: only(voice, language) };
    }
    return commands.failure(verdict === 'refused' ? 'refused' : 'permission-check-failed', language);
  }

  return {
    async handle(sub, ctx) {
      const target: Target = { platform: 'slack', workspaceId: ctx.teamId, channelId: ctx.channelId };
      // The asker's language, from their Slack locale (users.info, cached a few minutes; a slow or refused
      // lookup gives English), looked up once and only when an answer is about to be worded.
      let language: string | undefined;
      const asker = async () => {
        language ??= languageOfHint(await ctx.locale());
        return language;
      };
      try {
        const { result, answer } = await run(sub, ctx, target, asker);
        log(sub, result);
        return answer;
      } catch (error) {
        logger.error('slack.announce_command_failed', { sub, error });
        const reply = language ?? DEFAULT_LANGUAGE;
        return render(voice, reply, commands.failure('failed', reply)).answer;
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
function render(
  voice: Voice,
  language: string,
  result: CommandResult,
  extra: Block[] = [],
): { result: CommandResult; answer: SlackMessage } {
  const mrkdwn = toMrkdwn(result.text, []);
  const next = result.ok ? result.next : undefined;
  // The sentence is plain words and the token is Slack markup, so it goes in unescaped.
  const inYourTime = messagesIn(voice, { language })['status.in-your-time'];
  const local = next ? [context(inYourTime({ when: localTimeToken(voice, language, next) }))] : [];
  return { result, answer: { text: mrkdwn, blocks: [section(mrkdwn), ...local, ...extra] } };
}

/**
 * Slack shows this in each reader's own zone; the fallback is UTC. The words between Slack's date and time
 * tokens are the reply language's (`slack.date-at`: "{date} at {time}", "{date} um {time}").
 */
function localTimeToken(voice: Voice, language: string, at: Date): string {
  const unix = Math.floor(at.getTime() / 1000);
  const fallback = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const format = voice.say('slack.date-at', { language }, { date: '{date_short_pretty}', time: '{time}' });
  return `<!date^${unix}^${format}|${fallback}>`;
}
