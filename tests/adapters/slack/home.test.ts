// The App Home tab end to end: a signed app_home_opened event into Bolt's HTTP receiver, and the view the
// adapter publishes read from the views.publish call at the Slack stand-in (which checks it as Slack
// does: a home view for one user, at most 100 blocks).
import { afterEach, describe, expect, it } from 'vitest';
import { renderReply } from '../../../adapters/slack/render.js';
import { multilingualBot } from '../../support/languages.js';
import { type Announcing, startAnnouncing } from '../../support/slack/announcing.js';
import type { ApiCall } from '../../support/slack/fake-slack.js';
import { buttonsIn, type Harness, logLine, startHarness, textsIn } from '../../support/slack/harness.js';
import { eventRequest, homeOpened, USER } from '../../support/slack/requests.js';
import { slackLimitProblems } from '../../support/slack/slack-limits.js';

const ADMIN = 'UADMIN0001';
const MEMBER = 'UMEMBER001';
const LISTED = 'ULISTED001';

/** users.info calls that checked admin rights (not the viewer's locale, which the tab asks for too). */
const adminLookups = (h: Harness) =>
  h.fake.callsTo('users.info').filter((c) => String(c.args.include_locale) !== 'true');

/** Open the Home tab as `user` and return the view published for them. */
async function openHome(
  h: Harness,
  user = USER,
): Promise<{ call: ApiCall; blocks: unknown[]; texts: string }> {
  const before = h.fake.callsTo('views.publish').length;
  expect((await h.send(eventRequest(homeOpened('home', user)))).status).toBe(200);
  const call = await h.fake.nthCall('views.publish', before + 1);
  const view = call.args.view;
  const blocks =
    view && typeof view === 'object' && 'blocks' in view && Array.isArray(view.blocks) ? view.blocks : [];
  return { call, blocks, texts: textsIn(blocks).join('\n') };
}

/** The mrkdwn of a reply's sections as the adapter renders it: what the view must contain. */
function sectionsOf(reply: Parameters<typeof renderReply>[0]): string[] {
  return renderReply(reply).blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
}

describe('the App Home tab', () => {
  let h: Harness | undefined;
  let a: Announcing | undefined;
  afterEach(async () => {
    await h?.close();
    await a?.close();
    h = undefined;
    a = undefined;
  });

  it('publishes the opt-out steps with the settings link, the start date, and what the bot stores', async () => {
    h = await startHarness();
    const { call, blocks, texts } = await openHome(h);
    expect(call.args.user_id).toBe(USER);
    expect(call.args.view).toMatchObject({ type: 'home' });

    const steps = h.bot.optOut();
    expect(texts).toContain(steps.title);
    for (const text of sectionsOf(steps)) expect(texts).toContain(text);
    // The settings page and the objection form, as link buttons.
    const urls = buttonsIn(blocks).map((b) => b.url);
    for (const link of steps.links) expect(urls).toContain(link.url);
    // Follow-up buttons answer through a response_url, which clicks in the Home tab do not have.
    expect(buttonsIn(blocks).filter((b) => b.action_id.startsWith('answer:'))).toEqual([]);

    const deadline = h.bot.deadline();
    expect(texts).toContain(deadline.title);
    for (const text of sectionsOf(deadline)) expect(texts).toContain(text);
    // Slack's date token, so each reader sees the date in their own zone.
    expect(texts).toMatch(/<!date\^\d+\^\{date_long\}\|/);

    expect(texts).toContain('What this bot stores');
    expect(texts).toContain('Nothing about your messages');
    expect(texts).toContain('Announcements aren’t set up for this workspace.');
    expect(slackLimitProblems({ text: '', blocks }, 100)).toEqual([]);
    expect(adminLookups(h)).toEqual([]);
  });

  it('is published afresh at each visit: after the start date it says how long ago it passed', async () => {
    h = await startHarness();
    const before = (await openHome(h)).texts;
    h.clock.set('2025-12-01T09:00:00Z');
    const after = (await openHome(h)).texts;
    const passed = h.bot.deadline();
    for (const text of sectionsOf(passed)) expect(after).toContain(text);
    expect(after).not.toEqual(before);
    expect(sectionsOf(passed).join('\n')).toMatch(/ago/);
  });

  it('the Messages tab publishes nothing', async () => {
    h = await startHarness();
    await h.send(eventRequest(homeOpened('messages')));
    await openHome(h);
    expect(h.fake.callsTo('views.publish')).toHaveLength(1);
  });

  it('an admin sees this workspace’s subscriptions, paused ones with the reason, and no other workspace’s', async () => {
    a = await startAnnouncing({ prepare: (fake) => fake.users.set(ADMIN, { is_admin: true }) });
    h = a.h;
    await a.subscribe('C0GENERAL1', { timeZone: 'Europe/Berlin', language: 'de' });
    await a.subscribe('C0PAUSED01');
    await a.subscribe('C0ELSEWHER', { workspaceId: 'T0OTHER001' });
    const paused = await a.service.store.getSubscription({
      platform: 'slack',
      workspaceId: 'T0000001',
      channelId: 'C0PAUSED01',
    });
    if (!paused) throw new Error('not subscribed');
    await a.service.store.pause(paused.id, 'channel not found: channel_not_found', new Date());

    const { texts, blocks } = await openHome(h, ADMIN);
    expect(texts).toContain('• <#C0GENERAL1>: *default*, Europe/Berlin, Deutsch (de)');
    expect(texts).toContain(
      '• <#C0PAUSED01>: *default*, UTC, English (en) (paused: channel not found: channel_not_found)',
    );
    expect(texts).not.toContain('C0ELSEWHER');
    expect(adminLookups(h).map((c) => c.args.user)).toEqual([ADMIN]);
    expect(slackLimitProblems({ text: '', blocks }, 100)).toEqual([]);
    // The log says what was shown, never to whom.
    const line = await logLine(h, (l) => l.msg === 'slack.home_published');
    expect(line.announcements).toBe('admin');
    expect(JSON.stringify(h.logger.lines)).not.toContain(ADMIN);
  });

  it('someone who is not an admin is told who sees subscriptions, and sees no channel', async () => {
    a = await startAnnouncing({ prepare: (fake) => fake.users.set(MEMBER, {}) });
    h = a.h;
    await a.subscribe('C0GENERAL1');
    const { texts } = await openHome(h, MEMBER);
    expect(texts).toContain('Workspace admins see this workspace’s announcement subscriptions here.');
    expect(texts).not.toContain('C0GENERAL1');
  });

  it('an admin of a workspace with no subscriptions is told how to start one', async () => {
    a = await startAnnouncing({ admins: [LISTED] });
    h = a.h;
    const { texts } = await openHome(h, LISTED);
    expect(texts).toContain('No channel is subscribed. Type `/optout subscribe` in a channel');
    // A listed id needs no lookup.
    expect(adminLookups(h)).toEqual([]);
  });

  it('a long list stays within Slack’s limits, naming the first 50 and counting the rest', async () => {
    a = await startAnnouncing({ admins: [LISTED] });
    h = a.h;
    for (let i = 0; i < 60; i++) await a.subscribe(`C0LIST${String(i).padStart(4, '0')}`);
    const { texts, blocks } = await openHome(h, LISTED);
    expect(texts.match(/<#C0LIST\d{4}>/g)).toHaveLength(50);
    expect(texts).toContain('…and 10 more. `/optout status` in a channel shows its details.');
    expect(slackLimitProblems({ text: '', blocks }, 100)).toEqual([]);
  });

  it('when Slack cannot say whether the viewer is an admin, the tab says so and still shows the rest', async () => {
    a = await startAnnouncing();
    h = a.h;
    h.fake.script('users.info', ADMIN, { body: { ok: false, error: 'fatal_error' } });
    const { texts } = await openHome(h, ADMIN);
    expect(texts).toContain('I couldn’t check whether you are a workspace admin just now.');
    expect(texts).toContain(h.bot.optOut().title);
  });

  it('when the subscriptions cannot be read, the failure is logged and the rest is published', async () => {
    a = await startAnnouncing({ admins: [LISTED] });
    h = a.h;
    await a.service.store.close();
    const { texts } = await openHome(h, LISTED);
    expect(texts).toContain('I couldn’t load the subscriptions just now.');
    expect(texts).toContain(h.bot.deadline().title);
    await logLine(h, (l) => l.msg === 'slack.handler_failed' && l.via === 'home');
  });

  it('a viewer whose Slack is in German gets the whole tab in German: the answers and the tab’s own sentences', async () => {
    h = await startHarness({
      bot: multilingualBot,
      prepare: (fake) => fake.users.set(USER, { locale: 'de-DE' }),
    });
    const { texts } = await openHome(h, USER);
    const de = { locale: 'de-DE' };
    expect(texts).toContain(h.bot.optOut(de).title);
    expect(texts).toContain(h.bot.deadline(de).title);
    expect(h.bot.optOut(de).title).not.toBe(h.bot.optOut().title);
    for (const key of [
      'slack.home.heading',
      'slack.home.stores.heading',
      'slack.home.announcements.not-set-up',
    ])
      expect(texts).toContain(h.bot.say(key, de));
    expect(texts).not.toContain('What this bot stores');
    // The locale was asked once, with include_locale, and is remembered for the next visit.
    await openHome(h, USER);
    const lookups = h.fake.callsTo('users.info').filter((c) => String(c.args.include_locale) === 'true');
    expect(lookups).toHaveLength(1);
  });

  it('a refused views.publish is reported to the sink with Slack’s code', async () => {
    h = await startHarness();
    h.fake.answer('views.publish', { ok: false, error: 'not_enabled' });
    await h.send(eventRequest(homeOpened()));
    const line = await logLine(h, (l) => l.msg === 'slack.handler_failed');
    expect(line).toMatchObject({ via: 'home', code: 'not_enabled' });
    expect(JSON.stringify(h.logger.lines)).not.toContain(USER);
  });
});
