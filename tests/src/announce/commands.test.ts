// The shared subscribe / unsubscribe / status flow, on a real store and scheduler with the real schedules,
// driven the way an adapter drives it: with its own command syntax, and free words or named options.
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import {
  AnnouncementScheduler,
  type CommandWording,
  commandFailure,
  composeWithBot,
  createSubscriptionCommands,
  DeliveryRunner,
  describeOccurrence,
  loadSchedules,
  MemoryAnnouncementStore,
  messagesIn,
  nextOccurrences,
  type Occurrence,
  openSqliteStore,
  type Schedule,
  type SubscriptionCommands,
  type Target,
} from '../../../src/announce/index.js';
import { createBot } from '../../../src/core/bot.js';
import { ManualClock } from '../../../src/core/clock.js';
import { createLanguages } from '../../../src/core/i18n/languages.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import { composeStub, DATES, tempDir } from '../../support/announce-helpers.js';

const schedules = loadSchedules();
/** What says the flow's sentences: the bot, with every language loaded. */
const knowledge = loadKnowledge();
const voice = createBot({ knowledge, languages: createLanguages(knowledge) });
const temp = tempDir();
afterAll(() => temp.cleanup());

/** A platform the flow has never heard of, with its own syntax: the answers must use it. */
const WORDING: CommandWording = {
  usage: { subscribe: '`!oo sub [schedule] [zone]`', unsubscribe: '`!oo unsub`', status: '`!oo status`' },
  allowed: (language) => (language === 'de' ? 'Raummoderatoren' : 'room moderators'),
  channels: (language) => (language === 'de' ? 'Räumen' : 'rooms'),
};
const target: Target = {
  platform: 'matrix',
  workspaceId: '!space:example.org',
  channelId: '!room:example.org',
};
/** 09:00 in Berlin on Mon 27 Oct (winter time): 7 days before the start date. */
const NEXT_BERLIN = new Date('2025-10-27T08:00:00Z');

let clock: ManualClock;
let store: MemoryAnnouncementStore;
let commands: SubscriptionCommands;
beforeEach(() => {
  clock = new ManualClock('2025-10-21T12:00:00Z');
  store = new MemoryAnnouncementStore();
  const runner = new DeliveryRunner({ store, posters: {}, compose: composeStub, clock });
  const scheduler = new AnnouncementScheduler({ store, runner, schedules, dates: DATES, clock });
  commands = createSubscriptionCommands({ store, schedules, scheduler }, { voice, wording: WORDING, clock });
});

describe('subscribe', () => {
  test('stores the channel with who asked, and answers with its status and the next instant', async () => {
    const result = await commands.subscribe(target, { words: ['europe/berlin'] }, '@ana:example.org');
    expect(result).toEqual({
      ok: true,
      code: 'subscribed',
      text: [
        'Subscribed. This channel gets the **default** announcements, in Europe/Berlin.',
        'Language: English (en).',
        'Next: 7 days before the start date, Mon, 27 Oct 2025, 09:00 (Europe/Berlin).',
      ].join('\n'),
      subscription: expect.objectContaining({
        schedule: 'default',
        timeZone: 'Europe/Berlin',
        language: 'en',
      }),
      next: NEXT_BERLIN,
    });
    expect(await store.getSubscription(target)).toMatchObject({
      ...target,
      schedule: 'default',
      timeZone: 'Europe/Berlin',
      state: 'active',
      subscribedBy: '@ana:example.org',
    });
  });

  test('free words come in either order, zones in any case; none at all means the defaults', async () => {
    await commands.subscribe(target, { words: ['america/new_york', 'LIGHT'] }, 'A');
    expect(await store.getSubscription(target)).toMatchObject({
      schedule: 'light',
      timeZone: 'America/New_York',
    });
    await commands.subscribe(target, { words: [] }, 'B');
    expect(await store.listSubscriptions()).toEqual([
      expect.objectContaining({ schedule: 'default', timeZone: 'UTC', subscribedBy: 'B' }),
    ]);
  });

  test('named options work the same, and the adapter’s default zone fills a missing one', async () => {
    const runner = new DeliveryRunner({ store, posters: {}, compose: composeStub, clock });
    const scheduler = new AnnouncementScheduler({ store, runner, schedules, dates: DATES, clock });
    const tokyo = createSubscriptionCommands(
      { store, schedules, scheduler },
      { voice, wording: WORDING, clock, defaultTimeZone: 'Asia/Tokyo' },
    );
    expect(await tokyo.subscribe(target, { schedule: ' Light ' }, 'A')).toMatchObject({ ok: true });
    expect(await store.getSubscription(target)).toMatchObject({ schedule: 'light', timeZone: 'Asia/Tokyo' });
  });

  test.each([
    [
      { words: ['weekly'] },
      'unknown-word',
      'I don\'t understand "weekly". Use `!oo sub [schedule] [zone]`; schedules: default, light.',
    ],
    [{ words: ['light', 'default'] }, 'unknown-word', 'I don\'t understand "default".'],
    [{ words: ['+02:00'] }, 'unknown-word', '"+02:00"'],
    [
      { words: ['klingon'] },
      'unknown-word',
      'Languages: English (en), Deutsch (de), Français (fr), Español (es), Italiano (it), Nederlands (nl), ' +
        'Polski (pl), Português (pt).',
    ],
    [{ words: ['de', 'fr'] }, 'unknown-word', 'I don\'t understand "fr".'],
    [{ words: ['pt-BR', 'português'] }, 'unknown-word', 'I don\'t understand "português".'],
    [
      { language: 'klingon' },
      'unknown-language',
      'I can\'t announce in "klingon". Languages: English (en), Deutsch (de), Français (fr)',
    ],
    [{ language: 'ja' }, 'unknown-language', 'I can\'t announce in "ja".'],
    [{ schedule: 'nope' }, 'unknown-schedule', 'There is no schedule "nope". Schedules: default, light.'],
    [{ timeZone: 'GMT+2' }, 'unknown-zone', '"GMT+2" is not a time zone I know. Time zones are IANA names'],
    [{ timeZone: 'Mars/Olympus' }, 'unknown-zone', '"Mars/Olympus" is not a time zone I know.'],
  ])('%j is refused (%s) with a hint, and nothing is stored', async (request, code, hint) => {
    const result = await commands.subscribe(target, request, 'A');
    expect(result).toMatchObject({ ok: false, code });
    expect(result.text).toContain(hint);
    // check() gives the same answer at once, without a store: adapters that must decide up front use it.
    expect(commands.check(request)).toEqual(result);
    expect(await store.listSubscriptions()).toEqual([]);
  });

  test.each([
    [['de'], 'de'],
    [['light', 'Deutsch', 'Europe/Berlin'], 'de'],
    [['german', 'light'], 'de'],
    [['allemand'], 'de'],
    [['pt-BR'], 'pt'],
    [['Portugues'], 'pt'],
    [['ESPAÑOL'], 'es'],
    [['niederländisch'], 'nl'],
    [['fr_FR'], 'fr'],
    [['polski'], 'pl'],
    [['italian'], 'it'],
    [['English'], 'en'],
  ])('the words %j subscribe in %s, whatever the platform hints', async (words, language) => {
    const result = await commands.subscribe(target, { words }, 'A', { locale: () => 'nl-NL' });
    expect(result).toMatchObject({ ok: true, subscription: { language } });
    expect((await store.getSubscription(target))?.language).toBe(language);
  });

  test('a named language is read the same way, and wins over the hint, which is then not asked', async () => {
    let asked = 0;
    const hint = () => {
      asked++;
      return 'pl';
    };
    await commands.subscribe(target, { language: 'Français' }, 'A', { locale: hint });
    expect(await store.getSubscription(target)).toMatchObject({ language: 'fr' });
    expect(asked).toBe(0);
    await commands.subscribe(target, { schedule: 'light' }, 'A', { locale: hint });
    expect(await store.getSubscription(target)).toMatchObject({ language: 'pl', schedule: 'light' });
    expect(asked).toBe(1);
  });

  test.each([
    ['de-AT', 'de'],
    ['pt-BR', 'pt'],
    ['ja', 'en'],
    [null, 'en'],
    [undefined, 'en'],
  ])('without a language, the platform’s locale %j gives %s', async (locale, language) => {
    await commands.subscribe(target, { words: ['light'] }, 'A', { locale: async () => locale });
    expect((await store.getSubscription(target))?.language).toBe(language);
  });

  test('no hint at all is English; status names the language', async () => {
    await commands.subscribe(target, { words: [] }, 'A');
    expect((await store.getSubscription(target))?.language).toBe('en');
    await commands.subscribe(target, { words: ['Europe/Berlin', 'deutsch'] }, 'A');
    expect((await commands.status(target)).text).toContain('\nLanguage: Deutsch (de).\n');
  });

  test('check() passes a valid request without subscribing anything', async () => {
    expect(commands.check({ words: ['light', 'UTC'] })).toBeUndefined();
    expect(commands.check({})).toBeUndefined();
    expect(await store.listSubscriptions()).toEqual([]);
  });

  test('subscribing again replaces the choice, keeps the id and resumes a paused channel', async () => {
    const first = await commands.subscribe(target, { words: [] }, 'A');
    const id = first.ok ? first.subscription?.id : undefined;
    await store.pause(id ?? -1, 'channel gone', clock.now());
    const again = await commands.subscribe(target, { words: ['light'] }, 'B');
    expect(again).toMatchObject({ ok: true, subscription: { id, schedule: 'light', state: 'active' } });
  });

  test('a failing store is thrown to the adapter, which answers with its own failure', async () => {
    const sqlite = openSqliteStore(path.join(temp.dir, 'closed.sqlite'));
    await sqlite.close();
    const runner = new DeliveryRunner({ store: sqlite, posters: {}, compose: composeStub, clock });
    const scheduler = new AnnouncementScheduler({ store: sqlite, runner, schedules, dates: DATES, clock });
    const broken = createSubscriptionCommands(
      { store: sqlite, schedules, scheduler },
      { voice, wording: WORDING, clock },
    );
    await expect(broken.subscribe(target, { words: [] }, 'A')).rejects.toThrow(/not open/);
    expect(broken.failure('failed')).toEqual({
      ok: false,
      code: 'failed',
      text: 'Something went wrong on my side and nothing was changed. Try again in a minute.',
    });
  });
});

describe('status and unsubscribe', () => {
  test('a channel that never subscribed', async () => {
    expect(await commands.status(target)).toEqual({
      ok: true,
      code: 'not-subscribed',
      text: 'This channel is not subscribed to announcements.',
    });
  });

  test('active, then paused with its reason (and no next time), then the last post', async () => {
    await commands.subscribe(target, { schedule: 'default', timeZone: 'Europe/Berlin' }, 'A');
    expect(await commands.status(target)).toMatchObject({
      ok: true,
      code: 'status',
      text: [
        'This channel gets the **default** announcements, in Europe/Berlin.',
        'Language: English (en).',
        'Next: 7 days before the start date, Mon, 27 Oct 2025, 09:00 (Europe/Berlin).',
      ].join('\n'),
      next: NEXT_BERLIN,
    });

    const sub = await store.getSubscription(target);
    const id = sub?.id ?? -1;
    await store.claim({
      subscriptionId: id,
      occurrenceKey: 'k',
      scheduledAt: NEXT_BERLIN,
      owner: 'o',
      now: NEXT_BERLIN,
      maxAttempts: 3,
    });
    await store.finish(id, 'k', 'o', { state: 'posted', messageRef: 'm1' }, NEXT_BERLIN);
    await store.pause(id, 'the bot may not post here: Missing Access', clock.now());
    const paused = await commands.status(target);
    expect(paused).toEqual({
      ok: true,
      code: 'status',
      text: [
        'This channel gets the **default** announcements, in Europe/Berlin.',
        'Language: English (en).',
        '**Paused**: the bot may not post here: Missing Access. Subscribe again to resume.',
        'Last posted: Mon, 27 Oct 2025, 09:00 (Europe/Berlin).',
      ].join('\n'),
      subscription: expect.objectContaining({ state: 'paused' }),
    });
  });

  test('a schedule with nothing left to announce says so', async () => {
    await commands.subscribe(target, { schedule: 'light' }, 'A');
    clock.set('2027-01-01T00:00:00Z');
    const result = await commands.status(target);
    expect(result.text).toContain('No more announcements are scheduled.');
    expect(result).not.toHaveProperty('next');
  });

  test('unsubscribe removes the channel once; the second time says it was not subscribed', async () => {
    await commands.subscribe(target, { words: [] }, 'A');
    expect(await commands.unsubscribe(target)).toEqual({
      ok: true,
      code: 'unsubscribed',
      text: 'Unsubscribed: this channel gets no more deadline announcements.',
    });
    expect(await store.getSubscription(target)).toBeUndefined();
    expect(await commands.unsubscribe(target)).toMatchObject({
      ok: true,
      code: 'not-subscribed',
      text: 'This channel was not subscribed to announcements.',
    });
  });
});

describe('wording the adapter supplies', () => {
  test('failures the adapter finds are worded with its syntax, the same from commands and alone', () => {
    expect(commands.failure('refused')).toEqual({
      ok: false,
      code: 'refused',
      text: 'Only room moderators can subscribe or unsubscribe this channel. Anyone can use `!oo status` to see what it gets.',
    });
    expect(commands.failure('not-in-a-channel').text).toBe(
      'Announcements are posted in rooms. Run `!oo sub [schedule] [zone]` in the channel that should get them.',
    );
    expect(commands.failure('unknown-command').text).toBe(
      'Use `!oo sub [schedule] [zone]`, `!oo unsub` or `!oo status`.',
    );
    expect(commands.failure('permission-check-failed').text).toContain('I left it as it is');
    for (const code of [
      'refused',
      'permission-check-failed',
      'not-in-a-channel',
      'unknown-command',
      'failed',
    ] as const) {
      expect(commandFailure(voice, WORDING, code)).toEqual(commands.failure(code));
    }
  });

  test('occurrences are described in days, singular where it is one', () => {
    const o = (kind: Occurrence['kind'], daysFromDate: number): Occurrence => ({
      key: 'k',
      schedule: 'default',
      dateName: 'start',
      kind,
      daysFromDate,
      at: new Date(0),
      local: '',
      timeZone: 'UTC',
    });
    const en = messagesIn(voice);
    expect(describeOccurrence(o('before', -1), en)).toBe('1 day before the start date');
    expect(describeOccurrence(o('before', -14), en)).toBe('14 days before the start date');
    expect(describeOccurrence(o('day', 0), en)).toBe('on the start date');
    expect(describeOccurrence(o('after', 28), en)).toBe('reminder 28 days after the start date');
    // A date the catalogs do not name is shown by its facts.yaml name.
    expect(describeOccurrence({ ...o('day', 0), dateName: 'policy-update-2024' }, en)).toBe(
      'on policy-update-2024',
    );
  });
});

describe("in the asker's language", () => {
  const say = (key: string, language: string, params?: Record<string, string | number>) =>
    voice.say(`announce.${key}`, { language }, params);

  test('a mistake is answered in the asker language, with the adapter wording in it too', async () => {
    const zone = await commands.subscribe(target, { timeZone: 'mars/olympus' }, '@ana', {}, 'pl');
    expect(zone).toMatchObject({ ok: false, code: 'unknown-zone' });
    expect(zone.text).toBe(
      say('subscribe.unknown-zone', 'pl', { zone: 'mars/olympus', zoneHint: say('zone-hint', 'pl') }),
    );
    expect(zone.text).not.toBe(
      say('subscribe.unknown-zone', 'en', { zone: 'mars/olympus', zoneHint: say('zone-hint', 'en') }),
    );
    const refused = commands.failure('refused', 'de').text;
    expect(refused).toContain('Raummoderatoren');
    expect(refused).toBe(say('refused', 'de', { allowed: 'Raummoderatoren', status: '`!oo status`' }));
    expect(commands.check({ words: ['nope'] }, 'fr')?.text).toContain('« nope »');
  });

  test('the confirmation is in the language the channel chose, its dates written that way; status follows the asker', async () => {
    const result = await commands.subscribe(
      target,
      { words: ['europe/berlin', 'deutsch'] },
      '@ana',
      {},
      'fr',
    );
    expect(result.ok && result.subscription?.language).toBe('de');
    const lines = result.text.split('\n');
    expect(lines[1]).toBe(say('status.language', 'de', { language: 'Deutsch (de)' }));
    // 09:00 in Berlin on Mon 27 Oct, as German writes it; the occurrence through the German catalog.
    expect(lines[2]).toContain('27. Okt. 2025, 09:00 (Europe/Berlin)');
    expect(lines[2]).toContain(say('occurrence.before', 'de', { n: 7, date: say('date.start', 'de') }));
    const status = await commands.status(target, 'fr');
    expect(status.text.split('\n')[1]).toBe(say('status.language', 'fr', { language: 'Deutsch (de)' }));
    expect(status.text).toContain('27 oct. 2025');
    const gone = await commands.unsubscribe(target, 'it');
    expect(gone.text).toBe(say('unsubscribe.done', 'it'));
  });

  test('days are counted with the language own plural forms: one day, then more (Polish 1 dzień, 2 dni)', () => {
    const bare = (language: string, n: number) =>
      messagesIn(voice, { language })
        ['occurrence.before']({ days: n, date: 'start' })
        .replace(String(n), '#');
    for (const language of ['en', 'de', 'pl']) {
      expect(bare(language, 1)).not.toBe(bare(language, 2));
      expect(bare(language, 2)).toBe(bare(language, 3));
    }
    expect(bare('pl', 1)).toContain('dzień');
    expect(bare('pl', 5)).toContain('dni');
  });
});

describe('announcement text from the core', () => {
  const knowledge = loadKnowledge();
  const compose = composeWithBot((clock) => createBot({ knowledge, clock }));
  const found = schedules.get('default');
  if (!found) throw new Error('knowledge/schedules.yaml has no default schedule');
  const def: Schedule = found;

  test.each([
    ['Pacific/Auckland', 'in 3 days', 'tomorrow', 'passed today'],
    ['America/Los_Angeles', 'in 3 days', 'tomorrow', 'passed today'],
  ])('in %s the countdown counts the channel’s calendar days', (zone, threeDays, oneDay, dayOf) => {
    const [, , , three, one, day] = nextOccurrences(def, DATES, zone, new Date('2025-09-01T00:00:00Z'), 6);
    const text = (o: typeof three) => (o ? compose(o, o.at).text : '');
    expect(text(three)).toContain(threeDays);
    expect(text(one)).toContain(oneDay);
    expect(text(day)).toContain(dayOf);
  });
});
