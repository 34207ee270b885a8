// The App Home tab: published (views.publish) each time someone opens it, so the deadline line is always
// current. It shows the opt-out steps with the settings link and the start date with how far away (or how
// long ago) it is, both from the core; this workspace's announcement subscriptions when the viewer may
// manage them; and what the bot stores. views.publish and app_home_opened need no scope. All of it in the
// viewer's Slack language (users.info with include_locale, as for questions: cached a few minutes under a
// keyed hash, English without users:read), its sentences from ui.yaml (`slack.home.*`).

import type { App } from '@slack/bolt';
import { languageLabel, type Subscription } from '../../src/announce/index.js';
import type { AskOptions, Reply } from '../../src/core/index.js';
import type { AnnouncementOverview, HomeViewer, SlackDeps } from './deps.js';
import { escapeText } from './escape.js';
import { slackMessages } from './messages.js';
import { splitText } from './mrkdwn.js';
import { type Block, context, renderReply, SLACK_LIMITS, section } from './render.js';

/** Slack's limit on a home view's blocks. */
export const HOME_MAX_BLOCKS = 100;
/** Subscriptions listed by name; a workspace with more gets a count and a pointer to `/optout status`. */
export const HOME_MAX_SUBSCRIPTIONS = 50;

export function registerHome(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, client, context: ctx }) => {
    // The Messages tab opens a DM; only the Home tab shows a view.
    if (event.tab !== 'home') return;
    const teamId = ctx.teamId ?? '';
    const overview = await announcementsFor(deps, { teamId, userId: event.user, client });
    // After the admin check, not beside it: both are users.info, and a cached locale costs nothing.
    const locale = await deps.locales.localeOf(client, ctx.teamId, event.user);
    try {
      await client.views.publish({
        user_id: event.user,
        view: { type: 'home', blocks: homeBlocks(deps, overview, { locale }) },
      });
      deps.logger.info('slack.home_published', { announcements: overview.access });
    } catch (error) {
      // Nobody is waiting on an answer: the tab keeps its last view. Logged with Slack's code, never ids.
      deps.sink.report(error, { via: 'home' });
    }
  });
}

/** What to say about announcements: 'off' without the feature, 'failed' when the lookup threw. */
type HomeAnnouncements = AnnouncementOverview | { access: 'off' | 'failed' };

async function announcementsFor(deps: SlackDeps, viewer: HomeViewer): Promise<HomeAnnouncements> {
  if (!deps.announcements) return { access: 'off' };
  try {
    return await deps.announcements.overview(viewer);
  } catch (error) {
    deps.sink.report(error, { via: 'home', while: 'listing subscriptions' });
    return { access: 'failed' };
  }
}

const divider: Block = { type: 'divider' };

/** A ui.yaml sentence in the viewer's language. */
type Say = (key: string, params?: Readonly<Record<string, string | number>>) => string;

/** `to`: the viewer's Slack locale (`{ locale }`); without one, English. */
export function homeBlocks(
  deps: Pick<SlackDeps, 'bot'>,
  announcements: HomeAnnouncements,
  to: AskOptions = {},
): Block[] {
  const say: Say = (key, params) => deps.bot.say(key, to, params);
  const tail: Block[] = [
    divider,
    header(say('slack.home.announcements.heading')),
    ...announcementBlocks(announcements, say),
    divider,
    header(say('slack.home.stores.heading')),
    section(say('slack.home.stores.body')),
  ];
  const lead: Block[] = [header(say('slack.home.heading')), section(say('slack.home.ask'))];
  // The two answers share what the fixed parts leave; each is within a message's limits already.
  const room = HOME_MAX_BLOCKS - lead.length - tail.length;
  const answers = [...answerBlocks(deps.bot.optOut(to)), divider, ...answerBlocks(deps.bot.deadline(to))];
  return [...lead, ...answers.slice(0, room), ...tail];
}

/**
 * A reply as the home shows it: without follow-up buttons, which answer through a response_url that clicks
 * in the Home tab do not have. Link buttons (the settings page, the form) stay.
 */
function answerBlocks(reply: Reply): Block[] {
  return renderReply({ ...reply, followUps: [] }).blocks;
}

function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text } };
}

function announcementBlocks(a: HomeAnnouncements, say: Say): Block[] {
  switch (a.access) {
    case 'admin':
      return subscriptionBlocks(a.subscriptions, say);
    case 'not-admin':
      return [context(say('slack.home.announcements.not-admin'))];
    case 'no-scope':
      return [context(say('slack.home.announcements.no-scope'))];
    case 'cannot-check':
      return [context(say('slack.home.announcements.cannot-check'))];
    case 'failed':
      return [context(say('slack.home.announcements.failed'))];
    case 'off':
      return [context(say('slack.home.announcements.not-set-up'))];
  }
}

function subscriptionBlocks(subscriptions: readonly Subscription[], say: Say): Block[] {
  if (subscriptions.length === 0) return [section(say('slack.home.announcements.none'))];
  const lines = subscriptions.slice(0, HOME_MAX_SUBSCRIPTIONS).map((s) => {
    // <#C…> shows the channel's name to whoever may see it; the bot needs no scope to write it. Ids and
    // names come from the store, not from Slack's markup, so they are escaped like any text.
    const line = slackMessages['home.announcements.line']({
      channel: escapeText(s.channelId),
      schedule: escapeText(s.schedule),
      timeZone: escapeText(s.timeZone),
      language: escapeText(languageLabel(s.language)),
    });
    if (s.state !== 'paused') return line;
    const reason = s.pausedReason ? escapeText(s.pausedReason) : say('announce.status.no-reason');
    // The catalogs' loader trims each sentence, so the space before the bracket is put here.
    return `${line} ${say('slack.home.announcements.paused', { reason })}`;
  });
  const more = subscriptions.length - lines.length;
  if (more > 0) lines.push(say('slack.home.announcements.more', { n: more }));
  return splitText(lines.join('\n'), SLACK_LIMITS.sectionText).map((text) => section(text));
}
