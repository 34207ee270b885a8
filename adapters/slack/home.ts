// The App Home tab: published (views.publish) each time someone opens it, so the deadline line is always
// current. It shows the opt-out steps with the settings link and the start date with how far away (or how
// long ago) it is, both from the core; this workspace's announcement subscriptions when the viewer may
// manage them; and what the bot stores. views.publish and app_home_opened need no scope.

import type { App } from '@slack/bolt';
import { languageLabel, type Subscription } from '../../src/announce/index.js';
import type { Reply } from '../../src/core/index.js';
import type { AnnouncementOverview, HomeViewer, SlackDeps } from './deps.js';
import { escapeText } from './escape.js';
import { slackMessages as say } from './messages.js';
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
    try {
      await client.views.publish({
        user_id: event.user,
        view: { type: 'home', blocks: homeBlocks(deps, overview) },
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

export function homeBlocks(deps: Pick<SlackDeps, 'bot'>, announcements: HomeAnnouncements): Block[] {
  const tail: Block[] = [
    divider,
    header(say['home.announcements.heading']()),
    ...announcementBlocks(announcements),
    divider,
    header(say['home.stores.heading']()),
    section(say['home.stores.body']()),
  ];
  const lead: Block[] = [header(say['home.heading']()), section(say['home.ask']())];
  // The two answers share what the fixed parts leave; each is within a message's limits already.
  const room = HOME_MAX_BLOCKS - lead.length - tail.length;
  const answers = [...answerBlocks(deps.bot.optOut()), divider, ...answerBlocks(deps.bot.deadline())];
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

function announcementBlocks(a: HomeAnnouncements): Block[] {
  switch (a.access) {
    case 'admin':
      return subscriptionBlocks(a.subscriptions);
    case 'not-admin':
      return [context(say['home.announcements.not-admin']())];
    case 'no-scope':
      return [context(say['home.announcements.no-scope']())];
    case 'cannot-check':
      return [context(say['home.announcements.cannot-check']())];
    case 'failed':
      return [context(say['home.announcements.failed']())];
    case 'off':
      return [context(say['home.announcements.not-set-up']())];
  }
}

function subscriptionBlocks(subscriptions: readonly Subscription[]): Block[] {
  if (subscriptions.length === 0) return [section(say['home.announcements.none']())];
  const lines = subscriptions.slice(0, HOME_MAX_SUBSCRIPTIONS).map((s) => {
    // <#C…> shows the channel's name to whoever may see it; the bot needs no scope to write it. Ids and
    // names come from the store, not from Slack's markup, so they are escaped like any text.
    const line = say['home.announcements.line']({
      channel: escapeText(s.channelId),
      schedule: escapeText(s.schedule),
      timeZone: escapeText(s.timeZone),
      language: escapeText(languageLabel(s.language)),
    });
    if (s.state !== 'paused') return line;
    return line + say['home.announcements.paused']({ reason: s.pausedReason && escapeText(s.pausedReason) });
  });
  const more = subscriptions.length - lines.length;
  if (more > 0) lines.push(say['home.announcements.more']({ count: more }));
  return splitText(lines.join('\n'), SLACK_LIMITS.sectionText).map((text) => section(text));
}
