// `/optout subscribe|unsubscribe|status` end to end: signed slash commands into Bolt's HTTP receiver, the
// announcements hook on a real SQLite file in a temp folder, admin checks answered by the Slack stand-in
// (users.info), and the answers read where Slack shows them: the response_url, or for a successful
// subscribe the bot's own chat.postEphemeral in the channel (which is how it learns it may post there).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  adminCheckFailedText,
  createSlackAnnouncementCommands,
  failedText,
  notAMemberText,
  refusedText,
} from '../../../adapters/slack/announce-commands.js';
import { createSlackPoster } from '../../../adapters/slack/announce-poster.js';
import type { AnnouncementsHook } from '../../../adapters/slack/deps.js';
import {
  type AnnouncementService,
  composeWithBot,
  createAnnouncementService,
  type Target,
} from '../../../src/announce/index.js';
import { type Clock, ManualClock } from '../../../src/core/clock.js';
import {
  createBot,
  createLanguages,
  type Knowledge,
  type Languages,
  loadKnowledge,
} from '../../../src/core/index.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { tempDir } from '../../support/announce-helpers.js';
import { BOT, type FakeSlack } from '../../support/slack/fake-slack.js';
import { BOT_TOKEN, type Harness, logLine, startHarness, textsIn } from '../../support/slack/harness.js';
import { CHANNEL, slashCommand } from '../../support/slack/requests.js';

const ADMIN = 'UADMIN0001';
const OWNER = 'UOWNER0001';
const MEMBER = 'UMEMBER001';
const LISTED = 'ULISTED001';
/** An admin whose Slack is set to German, and one set to Japanese (a language the bot does not speak). */
const GERMAN_ADMIN = 'UADMINDE01';
const JAPANESE_ADMIN = 'UADMINJA01';
const target: Target = { platform: 'slack', workspaceId: BOT.teamId, channelId: CHANNEL };

const temp = tempDir();
afterAll(() => temp.cleanup());
let knowledge: Knowledge | undefined;
let languages: Languages | undefined;
/** The real bot, speaking the languages these checks subscribe in. */
function bot(clock: Clock) {
  knowledge ??= loadKnowledge();
  languages ??= createLanguages(knowledge, { only: ['de', 'fr'] });
  return createBot({ knowledge, languages, clock });
}
/** users.info calls that asked for the user's locale, and those that only checked admin rights. */
const localeLookups = (fake: FakeSlack) =>
  fake.callsTo('users.info').filter((c) => String(c.args.include_locale) === 'true');
const adminLookups = (fake: FakeSlack) =>
  fake.callsTo('users.info').filter((c) => String(c.args.include_locale) !== 'true');
const compose = composeWithBot(bot);
/** The sentence `key` of the catalog in `language`, as the hook says it. */
const say = (key: string, language: string, params?: Record<string, string | number>) =>
  bot(new ManualClock(0)).say(key, { language }, params);
const REFUSED = () => refusedText(bot(new ManualClock(0)));

interface Answer {
  response_type?: string;
  text: string;
  blocks?: unknown;
}

describe('/optout subscribe, unsubscribe and status', () => {
  let h: Harness;
  let service: AnnouncementService;
  let hookLogger: ReturnType<typeof createMemoryLogger>;
  /** An hour after the 14-days-before milestone: the next one is 7 days before, Mon 27 Oct 09:00. */
  const clock = new ManualClock('2025-10-20T10:00:00Z');
  let n = 0;
  let hooks = 0;

  beforeEach(async () => {
    let hook: AnnouncementsHook | undefined;
    hookLogger = createMemoryLogger();
    h = await startHarness({
      // The service needs the stand-in's address, which exists only once the harness starts it.
      prepare: (fake: FakeSlack) => {
        fake.users.set(ADMIN, { is_admin: true });
        fake.users.set(OWNER, { is_owner: true, is_primary_owner: true });
        fake.users.set(MEMBER, {});
        fake.users.set(LISTED, {});
        fake.users.set(GERMAN_ADMIN, { is_admin: true, locale: 'de-DE' });
        fake.users.set(JAPANESE_ADMIN, { is_admin: true, locale: 'ja-JP' });
        const logger = createMemoryLogger();
        service = createAnnouncementService({
          databasePath: path.join(temp.dir, `commands-${++n}.sqlite`),
          dates: bot(clock).dates(),
          compose,
          posters: {
            slack: createSlackPoster({ config: { botToken: BOT_TOKEN, apiUrl: fake.apiUrl }, logger }),
          },
          clock,
          logger,
        });
        hook = createSlackAnnouncementCommands({
          voice: bot(clock),
          service,
          admins: [LISTED],
          clock,
          logger: hookLogger,
        });
      },
      announcements: {
        handle: (sub, ctx) => {
          if (!hook) throw new Error('hook not ready');
          return hook.handle(sub, ctx);
        },
        overview: (viewer) => {
          if (!hook) throw new Error('hook not ready');
          return hook.overview(viewer);
        },
      },
    });
    hooks = 0;
  });
  afterEach(async () => {
    await h.close();
    await service.stop();
  });

  /** Send the command; the answer comes through the response_url after the empty acknowledgement. */
  async function command(text: string, user: string): Promise<Answer> {
    const hook = `announce-${++hooks}`;
    const res = await h.send(slashCommand({ text, user, responseUrl: h.fake.responseUrl(hook) }));
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const post = await h.fake.nthPost(hook);
    expect(post.body.response_type).toBe('ephemeral');
    return post.body as unknown as Answer;
  }

  /** A subscribe that succeeds: shown with chat.postEphemeral to `user` in the channel, nothing else. */
  async function subscribed(text: string, user: string): Promise<Answer> {
    const hook = `announce-${++hooks}`;
    const before = h.fake.callsTo('chat.postEphemeral').length;
    const handled = () => h.logger.lines.filter((l) => l.msg === 'slack.announcements').length;
    const done = handled();
    const res = await h.send(slashCommand({ text, user, responseUrl: h.fake.responseUrl(hook) }));
    expect(res).toEqual({ status: 200, body: '' });
    const { args } = await h.fake.nthCall('chat.postEphemeral', before + 1);
    expect(args).toMatchObject({ channel: CHANNEL, user });
    // Once the command is handled, nothing more is sent for it.
    await logLine(h, () => handled() > done);
    expect(h.fake.postsTo(hook)).toEqual([]);
    return { text: String(args.text), blocks: args.blocks };
  }
  const shown = (a: Answer) => [a.text, ...textsIn(a.blocks)].join('\n');

  it('a workspace admin subscribes: the row is stored with their id, and status shows the next time', async () => {
    const answer = await subscribed('subscribe Europe/Berlin', ADMIN);
    expect(shown(answer)).toContain('Subscribed');
    expect(shown(answer)).toContain('*default*');
    expect(shown(answer)).toContain('Europe/Berlin');
    // One admin check, and (no language named) one look at the subscriber's locale, which Slack leaves out.
    expect(adminLookups(h.fake).map((c) => c.args.user)).toEqual([ADMIN]);
    expect(localeLookups(h.fake).map((c) => c.args.user)).toEqual([ADMIN]);

    const sub = await service.store.getSubscription(target);
    expect(sub).toMatchObject({
      schedule: 'default',
      timeZone: 'Europe/Berlin',
      language: 'en',
      state: 'active',
      subscribedBy: ADMIN,
    });

    // Anyone may ask.
    const status = shown(await command('status', MEMBER));
    expect(status).toContain('This channel gets the *default* announcements, in Europe/Berlin.');
    expect(status).toContain('\nLanguage: English (en).\n');
    // 09:00 in Berlin on 27 October (winter time, UTC+1), and the same moment in each reader's zone.
    expect(status).toMatch(
      /Next: 7 days before the start date, Mon,? 27 Oct 2025,? 09:00 \(Europe\/Berlin\)/,
    );
    const unix = Date.parse('2025-10-27T08:00:00Z') / 1000;
    expect(status).toContain(
      `In your time: <!date^${unix}^{date_short_pretty} at {time}|2025-10-27 08:00 UTC>.`,
    );
  });

  it('schedule and zone in either order; owners may subscribe; a second subscribe replaces the first', async () => {
    await subscribed('subscribe light america/new_york', OWNER);
    expect(await service.store.getSubscription(target)).toMatchObject({
      schedule: 'light',
      timeZone: 'America/New_York',
      subscribedBy: OWNER,
    });
    await subscribed('subscribe Asia/Tokyo default', ADMIN);
    expect(await service.store.listSubscriptions()).toEqual([
      expect.objectContaining({ schedule: 'default', timeZone: 'Asia/Tokyo', subscribedBy: ADMIN }),
    ]);
  });

  it('`subscribe default Europe/Paris fr` is French and confirmed in French, whatever the subscriber’s locale; status says so', async () => {
    const answer = await subscribed('subscribe default Europe/Paris fr', GERMAN_ADMIN);
    // The channel reads the confirmation, so it is in the channel's language, not the German admin's.
    expect(shown(answer)).toContain(say('announce.status.language', 'fr', { language: 'Français (fr)' }));
    expect(shown(answer)).not.toContain('Language:');
    expect(await service.store.getSubscription(target)).toMatchObject({
      schedule: 'default',
      timeZone: 'Europe/Paris',
      language: 'fr',
    });
    // Looked up once, for the language of the reply had it been a mistake; not for the subscription.
    expect(localeLookups(h.fake).map((c) => c.args.user)).toEqual([GERMAN_ADMIN]);
    expect(shown(await command('status', MEMBER))).toContain('\nLanguage: Français (fr).\n');
    // A name works as well as a code, in any order.
    await subscribed('subscribe Deutsch light', ADMIN);
    expect(await service.store.getSubscription(target)).toMatchObject({ schedule: 'light', language: 'de' });
  });

  it('naming no language takes the subscriber’s Slack locale, or English for one the bot does not speak', async () => {
    await subscribed('subscribe Europe/Berlin', GERMAN_ADMIN);
    expect(await service.store.getSubscription(target)).toMatchObject({ language: 'de' });
    expect(localeLookups(h.fake).map((c) => c.args.user)).toEqual([GERMAN_ADMIN]);
    expect(shown(await command('status', MEMBER))).toContain('\nLanguage: Deutsch (de).\n');
    // The German admin's own status is German, down to the words between Slack's date and time tokens.
    const german = shown(await command('status', GERMAN_ADMIN));
    expect(german).toContain(say('announce.status.language', 'de', { language: 'Deutsch (de)' }));
    expect(german).toContain('^{date_short_pretty} um {time}|');

    await subscribed('subscribe Europe/Berlin', JAPANESE_ADMIN);
    expect(await service.store.getSubscription(target)).toMatchObject({ language: 'en' });
  });

  it('an admin whose Slack is in German is answered in German; one in Japanese in English', async () => {
    expect((await command('status', GERMAN_ADMIN)).text).toBe(say('announce.status.not-subscribed', 'de'));
    const mistake = shown(await command('subscribe Mars/Olympus', GERMAN_ADMIN));
    expect(mistake).toContain('Mars/Olympus');
    expect(mistake).toContain('`/optout subscribe [schedule] [time zone] [language]`');
    expect(mistake).not.toContain("I don't understand");
    expect(mistake).toContain(say('announce.zone-hint', 'de'));
    expect((await command('status', JAPANESE_ADMIN)).text).toBe(
      'This channel is not subscribed to announcements.',
    );
    // One lookup each, however many answers: the locale is remembered for a few minutes.
    expect(localeLookups(h.fake).map((c) => c.args.user)).toEqual([GERMAN_ADMIN, JAPANESE_ADMIN]);
    expect(await service.store.listSubscriptions()).toEqual([]);
  });

  it('a German subscription gets the German announcement when it is due', async () => {
    await subscribed('subscribe Europe/Berlin', GERMAN_ADMIN);
    clock.set('2025-10-27T09:00:30Z');
    try {
      expect((await service.scheduler.tick())?.fanOut).toMatchObject({ posted: 1 });
      const [posted] = h.fake.announcementsIn(CHANNEL);
      expect(posted?.text).toContain('in 7 Tagen');
      expect(posted?.text).not.toContain('7 days');
    } finally {
      clock.set('2025-10-20T10:00:00Z');
    }
  });

  it('someone who is not an admin is refused, and nothing is stored', async () => {
    const answer = await command('subscribe', MEMBER);
    expect(answer.text).toBe(REFUSED());
    expect(await service.store.listSubscriptions()).toEqual([]);
    expect(h.fake.callsTo('conversations.history')).toEqual([]);
  });

  it('an id listed in SLACK_ANNOUNCE_ADMINS may subscribe without an admin lookup', async () => {
    const answer = await subscribed('subscribe', LISTED);
    expect(shown(answer)).toContain('Subscribed');
    expect(adminLookups(h.fake)).toEqual([]);
    expect(await service.store.getSubscription(target)).toMatchObject({
      schedule: 'default',
      timeZone: 'UTC',
      subscribedBy: LISTED,
    });
  });

  it('when Slack cannot say whether someone is an admin, nothing changes', async () => {
    h.fake.script('users.info', ADMIN, { body: { ok: false, error: 'fatal_error' } });
    const answer = await command('subscribe', ADMIN);
    expect(answer.text).toBe(adminCheckFailedText(bot(clock)));
    expect(await service.store.listSubscriptions()).toEqual([]);
  });

  it('unsubscribe removes the channel; only admins may; a second one says it was not subscribed', async () => {
    await subscribed('subscribe', ADMIN);
    expect((await command('unsubscribe', MEMBER)).text).toBe(REFUSED());
    expect(await service.store.getSubscription(target)).toBeDefined();

    expect((await command('unsubscribe', ADMIN)).text).toBe(
      'Unsubscribed: this channel gets no more deadline announcements.',
    );
    expect(await service.store.getSubscription(target)).toBeUndefined();
    expect((await command('unsubscribe', ADMIN)).text).toContain('was not subscribed');
    expect((await command('status', MEMBER)).text).toBe('This channel is not subscribed to announcements.');
  });

  it('an unknown schedule or zone is explained, and nothing is stored', async () => {
    const schedule = shown(await command('subscribe Mars/Olympus', ADMIN));
    expect(schedule).toContain('I don\'t understand "Mars/Olympus"');
    // The hint shows Slack's own syntax, supplied by this adapter to the shared wording.
    expect(schedule).toContain(
      'Use `/optout subscribe [schedule] [time zone] [language]`; schedules: default, light.',
    );
    // And the languages it could have been.
    expect(schedule).toContain('Languages: English (en), Deutsch (de), Français (fr)');
    const offset = shown(await command('subscribe +02:00', ADMIN));
    expect(offset).toContain('+02:00');
    expect(await service.store.listSubscriptions()).toEqual([]);
  });

  it('warns when the bot is not in the channel, learnt from its own post there, not from the history', async () => {
    h.fake.notMember.add(CHANNEL);
    // Slack refuses the bot's private post, so the answer comes through the response_url, with the note.
    const answer = shown(await command('subscribe', ADMIN));
    expect(answer).toContain('Subscribed');
    expect(answer).toContain('not a member of this channel');
    expect(notAMemberText(bot(clock))).toContain('/invite');
    expect(h.fake.callsTo('chat.postEphemeral')).toHaveLength(1);
    h.fake.notMember.delete(CHANNEL);
    expect(shown(await subscribed('subscribe', ADMIN))).not.toContain('not a member');
    // Nothing read the channel: the check needs chat:write only.
    expect(h.fake.callsTo('conversations.history')).toEqual([]);
    expect(h.fake.callsTo('conversations.info')).toEqual([]);
  });

  it('a private channel the bot cannot see gets the same note; any other refusal gets the answer alone', async () => {
    h.fake.script('chat.postEphemeral', CHANNEL, { body: { ok: false, error: 'channel_not_found' } });
    expect(shown(await command('subscribe', ADMIN))).toContain('not a member of this channel');
    h.fake.script('chat.postEphemeral', CHANNEL, { body: { ok: false, error: 'fatal_error' } });
    const answer = shown(await command('subscribe', ADMIN));
    expect(answer).toContain('Subscribed');
    expect(answer).not.toContain('not a member');
  });

  it('a channel Slack says is gone is paused, and status says why; subscribing again resumes it', async () => {
    await subscribed('subscribe', ADMIN);
    h.fake.script('chat.postMessage', CHANNEL, { body: { ok: false, error: 'channel_not_found' } });
    clock.set('2025-10-27T09:00:30Z');
    try {
      const report = await service.scheduler.tick();
      expect(report?.fanOut).toMatchObject({ paused: 1 });
      const status = shown(await command('status', MEMBER));
      expect(status).toContain('*Paused*: channel not found: channel_not_found. Subscribe again to resume.');
      expect(status).not.toContain('Next:');

      await subscribed('subscribe', ADMIN);
      expect(await service.store.getSubscription(target)).toMatchObject({
        state: 'active',
        pausedReason: null,
      });
      expect(shown(await command('status', MEMBER))).toContain('Next: 3 days before the start date');
    } finally {
      clock.set('2025-10-20T10:00:00Z');
    }
  });

  it('subscribed through the command, the channel gets the due announcement once, with its key', async () => {
    await subscribed('subscribe', ADMIN);
    clock.set('2025-10-27T09:00:30Z');
    try {
      expect((await service.scheduler.tick())?.fanOut).toMatchObject({ posted: 1 });
      expect((await service.scheduler.tick())?.fanOut).toBeUndefined();
      const [posted, ...more] = h.fake.announcementsIn(CHANNEL);
      expect(more).toEqual([]);
      expect(posted?.text).toContain('7 days');
      expect(shown(await command('status', MEMBER))).toContain('Last posted:');
      // The database holds who subscribed and the message ts, never the text.
      const stored = ['', '-wal']
        .map((suffix) => path.join(temp.dir, `commands-${n}.sqlite${suffix}`))
        .filter((file) => existsSync(file))
        .map((file) => readFileSync(file).toString('latin1'))
        .join('');
      expect(stored).toContain(ADMIN);
      expect(stored).toContain(posted?.ts);
      expect(stored).not.toContain(posted?.text.slice(0, 30));
    } finally {
      clock.set('2025-10-20T10:00:00Z');
    }
  });

  it('when the database fails, nothing is claimed to have changed, and the failure is logged', async () => {
    await service.store.close();
    const answer = await command('subscribe', ADMIN);
    expect(answer.text).toBe(failedText(bot(clock)));
    expect(hookLogger.lines).toContainEqual(
      expect.objectContaining({ msg: 'slack.announce_command_failed', sub: 'subscribe' }),
    );
    expect((await command('status', MEMBER)).text).toBe(failedText(bot(clock)));
  });

  it('logs outcomes without user ids', async () => {
    await subscribed('subscribe Europe/Berlin', ADMIN);
    await command('subscribe', MEMBER);
    const logged = JSON.stringify([...hookLogger.lines, ...h.logger.lines]);
    expect(hookLogger.lines.map((l) => l.outcome)).toEqual(['subscribed', 'refused']);
    for (const id of [ADMIN, MEMBER]) expect(logged).not.toContain(id);
  });
});
