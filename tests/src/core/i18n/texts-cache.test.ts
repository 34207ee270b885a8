import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBot } from '../../../../src/core/bot.js';
import { ManualClock } from '../../../../src/core/clock.js';
import { createLanguages } from '../../../../src/core/i18n/languages.js';
import { textsFile } from '../../../../src/core/i18n/texts-cache.js';
import { loadKnowledge } from '../../../../src/core/knowledge/load.js';
import { prepareTexts, textsFit } from '../../../../src/core/match/texts.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'texts-cache-'));
  dirs.push(dir);
  return dir;
}

const english = loadKnowledge();
const clock = new ManualClock('2026-12-01T12:00:00Z');
const questions = [
  'are my DMs used?',
  'is it too late to opt out, and does it delete what they already used?',
  'sind meine privaten Nachrichten betroffen?',
  'czy mogę jeszcze się wypisać?',
];

describe('tokenised texts kept in a snapshot folder', () => {
  it('the first process stores them as prepareTexts makes them; a later one answers the same from the file', () => {
    const folder = tempDir();
    const first = createLanguages(english, { snapshotDir: folder, only: ['de', 'pl'] });
    const fresh = createBot({ knowledge: english, languages: first, clock });
    const answers = questions.map((q) => fresh.ask(q));
    const stored = JSON.parse(readFileSync(textsFile(english, 'de', folder) ?? '', 'utf8'));
    const de = first.get('de');
    expect(de).toBeDefined();
    if (!de) return;
    expect(stored.terms.split(' ')).toEqual(prepareTexts(de, true).terms);

    const next = createLanguages(english, { snapshotDir: folder, only: ['de', 'pl'] });
    expect(next.texts('de', true)?.terms).toEqual(prepareTexts(de, true).terms);
    const again = createBot({ knowledge: english, languages: next, clock });
    expect(questions.map((q) => again.ask(q))).toEqual(answers);
  });

  it('a later process really reads the file: a term planted in it is in the texts it gets', () => {
    const folder = tempDir();
    createLanguages(english, { snapshotDir: folder, only: [] }).texts('en', true);
    const file = textsFile(english, 'en', folder) ?? '';
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    stored.terms = `${stored.terms} onlyinthefile`;
    writeFileSync(file, JSON.stringify(stored));
    const read = createLanguages(english, { snapshotDir: folder, only: [] }).texts('en', true);
    expect(read?.terms.at(-1)).toBe('onlyinthefile');
  });

  it('garbled, stale or other-setting texts are computed again and rewritten', () => {
    const folder = tempDir();
    const langs = () => createLanguages(english, { snapshotDir: folder, only: [] });
    const expected = prepareTexts(english, true).terms;
    langs().texts('en', true);
    const file = textsFile(english, 'en', folder) ?? '';
    for (const bad of [
      '{"fingerprint": 1',
      JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), fingerprint: 'old' }),
    ]) {
      writeFileSync(file, bad);
      expect(langs().texts('en', true)?.terms).toEqual(expected);
      expect(JSON.parse(readFileSync(file, 'utf8')).terms.split(' ')).toEqual(expected);
    }
    // Stored with pairs, asked without: not the same texts.
    expect(langs().texts('en', false)?.terms).toEqual(prepareTexts(english, false).terms);
  });

  it('texts that do not fit the knowledge are refused: the ranker then tokenises', () => {
    const good = prepareTexts(english, true);
    expect(textsFit(good, english, true)).toBe(true);
    expect(textsFit(good, english, false)).toBe(false);
    expect(textsFit({ ...good, starts: good.starts.subarray(1) }, english, true)).toBe(false);
    const outOfRange = Int32Array.from(good.ids);
    outOfRange[0] = good.terms.length;
    expect(textsFit({ ...good, ids: outOfRange }, english, true)).toBe(false);
    const twice = Int32Array.from(good.ids);
    twice[1] = twice[0] ?? 0;
    expect(textsFit({ ...good, ids: twice }, english, true)).toBe(false);
    expect(
      textsFit({ ...good, terms: [...good.terms.slice(1), good.terms[0] ?? '', ''] }, english, true),
    ).toBe(false);
  });
});
