import { describe, expect, it } from 'vitest';
import { renderPlain } from '../../../../adapters/terminal/render.js';
import { createBot, createLanguages, fill, loadKnowledge, ManualClock } from '../../../../src/core/index.js';
import { ENGLISH_LABELS } from '../../../support/reply-labels.js';

const knowledge = loadKnowledge();
const languages = createLanguages(knowledge, {
  onProblems: (code, problems) => {
    throw new Error(`${code} does not load: ${problems.join('; ')}`);
  },
});
const bot = createBot({ knowledge, languages, clock: new ManualClock('2026-12-01T12:00:00Z') });

describe('answering in the asker language', () => {
  it('a German question about DMs gets the private-messages answer in German, with its facts and labels', () => {
    const reply = bot.ask('Werden meine privaten Nachrichten und InMails für das KI-Training benutzt?');
    expect(reply.language).toBe('de');
    expect(reply.id).toBe('private-messages');
    expect(reply.text).toContain('InMail');
    expect(reply.labels.share).not.toBe(ENGLISH_LABELS.share);
  });

  it('an English question stays English, and its labels are the English catalog', () => {
    const reply = bot.ask('are my DMs used for AI training?');
    expect(reply.language).toBe('en');
    expect(reply.id).toBe('private-messages');
    expect(reply.labels).toEqual(ENGLISH_LABELS);
  });

  it('a too-short question follows the platform hint: "opt-out?" with a French locale is answered in French', () => {
    expect(bot.ask('opt-out?', { locale: 'fr-FR' }).language).toBe('fr');
    expect(bot.ask('opt-out?').language).toBe('en');
  });

  it('a short question of English-looking words with a letter English lacks is weighed in full: "posts só?" is Portuguese', () => {
    expect(bot.languageOf('posts só?')).toBe('pt');
    // English words with an accent stay English: most of the words say so.
    expect(bot.languageOf('is my résumé used?')).toBe('en');
  });

  it('pt-BR, fr_FR.UTF-8 and de-AT map to the languages the bot speaks; an unknown locale is ignored', () => {
    expect(bot.optOut({ locale: 'pt-BR' }).language).toBe('pt');
    expect(bot.optOut({ locale: 'fr_FR.UTF-8' }).language).toBe('fr');
    expect(bot.optOut({ locale: 'de-AT' }).language).toBe('de');
    expect(bot.optOut({ locale: 'ja' }).language).toBe('en');
  });

  it('a question in a language the bot does not speak gets English and one line listing its languages', () => {
    const reply = bot.ask('hur stänger jag av att LinkedIn använder mina inlägg för AI-träning');
    expect(reply.language).toBe('en');
    expect(reply.text).toMatch(
      /I answer in English, Deutsch, Français, Español, Italiano, Nederlands, Polski, Português/,
    );
  });

  it('a Polish answer a year after the start date says "ponad rok temu" style words through Intl, not English', () => {
    const reply = bot.ask('czy jest już za późno, żeby wyłączyć trenowanie AI na moich danych?');
    expect(reply.language).toBe('pl');
    const text = renderPlain(reply);
    expect(text).not.toMatch(/\bago\b|\bover a year\b/);
    expect(text).toMatch(/2025/);
  });

  it('dates are written in the reply language: "3 de noviembre de 2025" in Spanish, "3 November 2025" in English', () => {
    const es = bot.deadline({ language: 'es' });
    expect(es.dates[0]?.fallback).toBe('3 de noviembre de 2025');
    expect(bot.deadline().dates[0]?.fallback).toBe('3 November 2025');
  });

  it('a follow-up of a German answer, asked by id with its language, is German too', () => {
    const first = bot.ask('Wie schalte ich das KI-Training bei LinkedIn aus?');
    const next = first.followUps[0];
    expect(next).toBeDefined();
    expect(bot.answer(next?.id ?? '', { language: first.language })?.language).toBe('de');
  });

  it('the cooldown notice and help are said in the asker language', () => {
    expect(bot.say('cooldown.notice', { language: 'it' })).not.toBe(bot.say('cooldown.notice'));
    expect(bot.help({ locale: 'nl' }).language).toBe('nl');
  });
});

describe('Polish plural rules through ui.yaml', () => {
  it('two years and more after the start date, the Polish deadline answer uses the "few" form for 2', () => {
    const forms = languages.get('pl')?.ui['time.over-ago'];
    if (typeof forms !== 'object' || !forms.few)
      throw new Error('pl ui.yaml has no plural forms for time.over-ago');
    const later = createBot({ knowledge, languages, clock: new ManualClock('2028-01-20T12:00:00Z') });
    const text = later.deadline({ language: 'pl' }).text;
    expect(text).toContain(fill(forms.few, { n: 2 }));
    expect(fill(forms.few, { n: 2 })).not.toBe(fill(forms.other, { n: 2 }));
  });
});
