import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLanguages } from '../../../../src/core/i18n/languages.js';
import { detectorWords } from '../../../../src/core/i18n/words.js';
import { wordsFile } from '../../../../src/core/i18n/words-cache.js';
import { defaultKnowledgeDir } from '../../../../src/core/knowledge/dir.js';
import { loadKnowledge } from '../../../../src/core/knowledge/load.js';
import { translationSnapshotFile } from '../../../../src/core/knowledge/translations/snapshot.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

const english = loadKnowledge();

describe('languages kept in a snapshot folder', () => {
  it('the first process stores each language it reads and its words; the words equal those of the knowledge', () => {
    const folder = tempDir('langs-snap-');
    const langs = createLanguages(english, { snapshotDir: folder, only: ['de', 'pl'] });
    const de = langs.get('de');
    expect(de?.language?.code).toBe('de');
    expect([...(langs.words('pl') ?? [])].sort()).toEqual(
      [...detectorWords(langs.get('pl') ?? english)].sort(),
    );
    expect([...(langs.words('en') ?? [])].sort()).toEqual([...detectorWords(english)].sort());
    expect(langs.words('en')?.has('the')).toBe(true);
    expect(readdirSync(folder).sort()).toEqual(
      [
        translationSnapshotFile(english, 'de', folder),
        translationSnapshotFile(english, 'pl', folder),
        wordsFile(english, 'en', folder),
        wordsFile(english, 'pl', folder),
      ]
        .map((f) => f?.slice(folder.length + 1))
        .sort(),
    );
  });

  it('a later process takes the words from their snapshot, without computing them from the knowledge', () => {
    const folder = tempDir('langs-snap-');
    const first = createLanguages(english, { snapshotDir: folder, only: ['fr'] });
    expect(first.words('fr')?.size).toBeGreaterThan(100);
    // Proof the next process reads the stored words: a word planted in the file only.
    const file = wordsFile(english, 'fr', folder) ?? '';
    const stored: { words: string[] } = JSON.parse(readFileSync(file, 'utf8'));
    stored.words.push('seulementdanslesnapshot');
    writeFileSync(file, JSON.stringify(stored));
    const next = createLanguages(english, { snapshotDir: folder, only: ['fr'] });
    expect(next.words('fr')?.has('seulementdanslesnapshot')).toBe(true);
    expect(first.words('fr')?.has('seulementdanslesnapshot')).toBe(false);
  });

  it('garbled stored words are computed again from the knowledge and rewritten', () => {
    const folder = tempDir('langs-snap-');
    createLanguages(english, { snapshotDir: folder, only: ['it'] }).words('it');
    const file = wordsFile(english, 'it', folder) ?? '';
    writeFileSync(file, '{"fingerprint": 1, "words": "no"');
    const again = createLanguages(english, { snapshotDir: folder, only: ['it'] });
    const expected = [...detectorWords(again.get('it') ?? english)].sort();
    expect([...(again.words('it') ?? [])].sort()).toEqual(expected);
    expect(JSON.parse(readFileSync(file, 'utf8')).words).toEqual(expected);
  });

  it('a translation broken after its words were stored has no words, and its problems are reported once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'langs-kb-'));
    dirs.push(dir);
    cpSync(defaultKnowledgeDir(), dir, { recursive: true });
    const en = loadKnowledge(dir);
    const folder = tempDir('langs-snap-');
    expect(createLanguages(en, { snapshotDir: folder, only: ['nl'] }).words('nl')).toBeDefined();
    appendFileSync(join(dir, 'i18n', 'nl', 'language.yaml'), '\nbogusField: 1\n');
    const reported: Array<[string, readonly string[]]> = [];
    const langs = createLanguages(en, {
      snapshotDir: folder,
      only: ['nl'],
      onProblems: (code, problems) => reported.push([code, problems]),
    });
    expect(langs.words('nl')).toBeUndefined();
    expect(langs.get('nl')).toBeUndefined();
    expect(reported).toHaveLength(1);
    expect(reported[0]?.[0]).toBe('nl');
    expect(reported[0]?.[1].join('\n')).toMatch(/language\.yaml.*bogusField/);
  });

  it('a language the knowledge base does not have has no words and no knowledge', () => {
    const langs = createLanguages(english, { snapshotDir: tempDir('langs-snap-'), only: ['de'] });
    expect(langs.words('fr')).toBeUndefined();
    expect(langs.words('ja')).toBeUndefined();
    expect(langs.get('fr')).toBeUndefined();
  });
});

describe("the languages' ui.yaml", () => {
  it('no sentence of a translation is a copy of the English one (an untranslated key kb:check would pass)', () => {
    const languages = createLanguages(english);
    const copies: string[] = [];
    for (const { code } of languages.offered) {
      const own = code === 'en' ? undefined : languages.get(code)?.ui;
      if (code !== 'en' && !own) throw new Error(`${code} does not load`);
      for (const [key, text] of Object.entries(own ?? {}))
        if (JSON.stringify(text) === JSON.stringify(english.ui[key])) copies.push(`${code} ${key}`);
    }
    expect(copies).toEqual([]);
    // And the sentences the announcement commands and the Slack home say are among them.
    expect(Object.keys(languages.get('pl')?.ui ?? {})).toEqual(
      expect.arrayContaining([
        'announce.status.next',
        'discord.permission.embed-links',
        'slack.home.stores.body',
      ]),
    );
  });
});
