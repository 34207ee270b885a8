// A subscription's language end to end inside src/announce: what people type for one, and the post itself
// composed by the real bot (the knowledge base and its translations) in that language, through the real
// scheduler and runner on a memory store.
import { describe, expect, test } from 'vitest';
import {
  AnnouncementScheduler,
  composeWithBot,
  DeliveryRunner,
  languageLabel,
  languageOfHint,
  loadSchedules,
  MemoryAnnouncementStore,
  readLanguage,
  SUBSCRIPTION_LANGUAGES,
} from '../../../src/announce/index.js';
import {
  createBot,
  createLanguages,
  LANGUAGES,
  loadKnowledge,
  ManualClock,
} from '../../../src/core/index.js';
import { clockSleep, RecordingPoster } from '../../support/announce-helpers.js';

describe('reading a language', () => {
  test('every language the core speaks may be subscribed to, English first', () => {
    expect(SUBSCRIPTION_LANGUAGES.map((l) => l.code)).toEqual(LANGUAGES.map((l) => l.code));
    expect(SUBSCRIPTION_LANGUAGES[0]?.code).toBe('en');
  });

  test.each([
    ['de', 'de'],
    ['DE', 'de'],
    ['de-CH', 'de'],
    ['pt-BR', 'pt'],
    ['pl_PL', 'pl'],
    ['es-419', 'es'],
    ['Deutsch', 'de'],
    ['german', 'de'],
    ['Tedesco', 'de'],
    ['niemiecki', 'de'],
    ['français', 'fr'],
    ['francais', 'fr'],
    ['French', 'fr'],
    ['Spanish', 'es'],
    ['espanol', 'es'],
    ['italiano', 'it'],
    ['Dutch', 'nl'],
    ['Nederlands', 'nl'],
    ['néerlandais', 'nl'],
    ['Polish', 'pl'],
    ['Portuguese', 'pt'],
    ['PORTUGUÊS', 'pt'],
    ['inglés', 'en'],
  ])('%j names %s', (word, code) => {
    expect(readLanguage(word)).toBe(code);
  });

  test.each(['ja', 'japanese', 'klingon', 'light', 'Europe/Berlin', '', 'd', 'deu tsch'])(
    '%j names no language the bot speaks',
    (word) => {
      expect(readLanguage(word)).toBeUndefined();
    },
  );

  test('languages are named in their own language, with their code; hints map to a language or English', () => {
    expect(languageLabel('de')).toBe('Deutsch (de)');
    expect(languageLabel('pt')).toBe('Português (pt)');
    expect(languageLabel('xx')).toBe('xx');
    expect(languageOfHint('pt-BR')).toBe('pt');
    expect(languageOfHint('ja')).toBe('en');
    expect(languageOfHint(null)).toBe('en');
  });
});

describe('an announcement in the subscription’s language', () => {
  const knowledge = loadKnowledge();
  const languages = createLanguages(knowledge, { only: ['de', 'fr'] });

  test('a German channel gets the German deadline text and an English one the English, in one fan-out', async () => {
    // 09:05 in Berlin on 27 Oct: the 7-days-before announcement is due for both channels.
    const clock = new ManualClock('2025-10-27T08:05:00Z');
    const store = new MemoryAnnouncementStore();
    const poster = new RecordingPoster(clock);
    const runner = new DeliveryRunner({
      store,
      posters: { slack: poster },
      compose: composeWithBot((c) => createBot({ knowledge, languages, clock: c })),
      clock,
      sleep: clockSleep(clock),
    });
    const scheduler = new AnnouncementScheduler({
      store,
      runner,
      schedules: loadSchedules(),
      dates: { ...knowledge.dates },
      clock,
    });
    const subscribedAt = new Date('2025-10-20T00:00:00Z');
    for (const [channelId, language] of [
      ['CDE', 'de'],
      ['CEN', 'en'],
      ['CFR', 'fr'],
      ['CDE2', 'de'],
    ] as const) {
      const sub = { platform: 'slack', workspaceId: 'W1', channelId, schedule: 'default', language };
      await store.subscribe({ ...sub, timeZone: 'Europe/Berlin', subscribedBy: 'U1' }, subscribedAt);
    }

    const report = await scheduler.tick();
    expect(report?.fanOut?.posted).toBe(4);

    // What a bot at the channel's wall time answers in each language, asked directly.
    const bot = createBot({ knowledge, languages, clock: new ManualClock('2025-10-27T09:05:00Z') });
    const expected = (language: string) => bot.deadline({ language }).text;
    const posted = (channel: string) => poster.postsTo(channel).map((p) => p.text);
    expect(posted('CDE')).toEqual([expected('de')]);
    expect(posted('CDE2')).toEqual([expected('de')]);
    expect(posted('CEN')).toEqual([expected('en')]);
    expect(posted('CFR')).toEqual([expected('fr')]);
    // And they really are three languages: the German says "in 7 Tagen", the English "in 7 days".
    expect(posted('CDE')[0]).toContain('in 7 Tagen');
    expect(posted('CEN')[0]).toContain('in 7 days');
    expect(posted('CFR')[0]).toContain('dans 7 jours');
  });
});
