import { describe, expect, it } from 'vitest';
import { evaluateLanguage, formatLanguageReport, loadI18nSet } from '../../eval/i18n.js';
import { createBot, createLanguages, loadKnowledge, ManualClock } from '../../src/core/index.js';
import { normaliseWith } from '../../src/core/match/normalise.js';

const knowledge = loadKnowledge();
const languages = createLanguages(knowledge);
const bot = createBot({ knowledge, languages, clock: new ManualClock('2026-12-01T12:00:00Z') });
const items = loadI18nSet();
const held = items.filter((i) => i.part === 'held-out');

// The targets per language are 95% answered, 95% declined, at most 1% confidently wrong and 97%
// language identification. The floors are what the held-out part reaches today (README, "Languages"), so a
// change that makes a language worse fails here; they are not the targets.
const FLOORS: Record<string, { answered: number; declined: number; wrong: number; id: number }> = {
  de: { answered: 0.93, declined: 0.98, wrong: 0.037, id: 0.81 },
  fr: { answered: 0.88, declined: 0.98, wrong: 0.028, id: 0.93 },
  es: { answered: 0.92, declined: 0.96, wrong: 0.035, id: 0.88 },
  it: { answered: 0.91, declined: 0.99, wrong: 0.026, id: 0.72 },
  nl: { answered: 0.88, declined: 0.95, wrong: 0.049, id: 0.85 },
  pl: { answered: 0.91, declined: 0.96, wrong: 0.035, id: 0.93 },
  pt: { answered: 0.9, declined: 0.97, wrong: 0.035, id: 0.83 },
};

describe('the evaluation in seven languages (held-out part)', () => {
  for (const [code, floor] of Object.entries(FLOORS)) {
    it(`${code}: answers in ${code}, declines, confidently wrong answers and language identification stay at their floors`, () => {
      const r = evaluateLanguage(bot, held, code);
      console.log(formatLanguageReport(r));
      expect(r.answered.total).toBeGreaterThanOrEqual(35);
      expect(r.answered.rate).toBeGreaterThanOrEqual(floor.answered);
      expect(r.declined.rate).toBeGreaterThanOrEqual(floor.declined);
      expect(r.confidentWrong.rate).toBeLessThanOrEqual(floor.wrong);
      expect(r.languageId.rate).toBeGreaterThanOrEqual(floor.id);
    });
  }

  it('no evaluation question equals a phrasing of its language after normalising', () => {
    const leaked: string[] = [];
    for (const code of Object.keys(FLOORS)) {
      const k = languages.get(code);
      if (!k) throw new Error(`${code} does not load`);
      const plain = (s: string) => normaliseWith(s, { contractions: false });
      const phrasings = new Set(k.entries.flatMap((e) => [e.question, ...e.phrasings]).map(plain));
      for (const i of items)
        if (i.language === code && phrasings.has(plain(i.q))) leaked.push(`${code}: ${i.q}`);
    }
    expect(leaked).toEqual([]);
  });
});
