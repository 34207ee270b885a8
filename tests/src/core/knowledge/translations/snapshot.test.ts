import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultKnowledgeDir } from '../../../../../src/core/knowledge/dir.js';
import { loadKnowledge } from '../../../../../src/core/knowledge/load.js';
import { fromSnapshot, toSnapshot } from '../../../../../src/core/knowledge/snapshot.js';
import { readTranslation } from '../../../../../src/core/knowledge/translations/load.js';
import {
  fromTranslationSnapshot,
  readTranslationThrough,
  toTranslationSnapshot,
  translationFingerprint,
} from '../../../../../src/core/knowledge/translations/snapshot.js';
import type { Knowledge } from '../../../../../src/core/knowledge/types.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
function copyKnowledge(): string {
  const dir = tempDir('kb-tr-snap-');
  cpSync(defaultKnowledgeDir(), dir, { recursive: true });
  return dir;
}
function german(english: Knowledge): Knowledge {
  const read = readTranslation(english, 'de');
  if (!read.knowledge) throw new Error(`de does not read: ${read.problems.join('; ')}`);
  return read.knowledge;
}

const english = loadKnowledge();
const de = german(english);
const print = translationFingerprint(english, 'de');

describe('translation snapshot', () => {
  it('round-trips to the same German knowledge, matching rules and links included', () => {
    const back = fromTranslationSnapshot(
      JSON.parse(JSON.stringify(toTranslationSnapshot(de, 'de', print))),
      'de',
      print,
    );
    expect(back?.entries).toEqual(de.entries);
    expect(back?.language).toEqual(de.language);
    expect(back?.links).toEqual(de.links);
    expect(back?.ui).toEqual(de.ui);
    expect([...(back?.synonyms ?? [])]).toEqual([...de.synonyms]);
    expect(back?.dates.start?.getTime()).toBe(de.dates.start?.getTime());
    expect(back?.byId.get('private-messages')?.title).toBe(de.byId.get('private-messages')?.title);
  });

  it('is refused for another language, another fingerprint, or without its language rules', () => {
    const snap = toTranslationSnapshot(de, 'de', print);
    expect(fromTranslationSnapshot(snap, 'fr', print)).toBeUndefined();
    expect(fromTranslationSnapshot(snap, 'de', 'stale')).toBeUndefined();
    const bare = structuredClone(snap);
    expect(Reflect.deleteProperty(bare.knowledge, 'language')).toBe(true);
    expect(fromTranslationSnapshot(bare, 'de', print)).toBeUndefined();
    const odd = structuredClone(snap);
    expect(Reflect.set(odd.knowledge.entries[0] ?? {}, 'phrasings', 'not a list')).toBe(true);
    expect(fromTranslationSnapshot(odd, 'de', print)).toBeUndefined();
  });

  it('the English knowledge from its loader and from its own snapshot key a translation alike', () => {
    const fromItsSnapshot = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(english, 'p'))), 'p');
    if (!fromItsSnapshot) throw new Error('the English snapshot does not round-trip');
    expect(translationFingerprint(fromItsSnapshot, 'de')).toBe(print);
  });

  it('the fingerprint changes with any edit to the translation, and with the English knowledge it is built on', () => {
    const dir = copyKnowledge();
    const en = loadKnowledge(dir);
    const before = translationFingerprint(en, 'de');
    appendFileSync(join(dir, 'i18n', 'de', 'entries', 'uk.yaml'), '\n# ein Kommentar\n');
    expect(translationFingerprint(en, 'de')).not.toBe(before);
    const other = { ...en, values: { ...en.values, extra: 'a value' } };
    expect(translationFingerprint(other, 'de')).not.toBe(translationFingerprint(en, 'de'));
  });
});

describe('reading a translation through its snapshot file', () => {
  const current = (file: string) =>
    fromTranslationSnapshot(JSON.parse(readFileSync(file, 'utf8')), 'de', print);

  it('writes a snapshot on a miss, and reads from it next time', () => {
    const file = join(tempDir('kb-tr-file-'), 'de.json');
    expect(readTranslationThrough(english, 'de', file).knowledge?.entries).toEqual(de.entries);
    expect(current(file)?.entries).toEqual(de.entries);
    // Proof the next read comes from the snapshot, not the files: a title changed only in the snapshot.
    const edited = structuredClone(toTranslationSnapshot(de, 'de', print));
    const entry = edited.knowledge.entries[0];
    if (entry) entry.title = 'Aus dem Snapshot';
    writeFileSync(file, JSON.stringify(edited));
    expect(readTranslationThrough(english, 'de', file).knowledge?.entries[0]?.title).toBe('Aus dem Snapshot');
  });

  it('an edit to a translated entry misses the snapshot: the edited file is read', () => {
    const dir = copyKnowledge();
    const en = loadKnowledge(dir);
    const file = join(tempDir('kb-tr-file-'), 'de.json');
    const first = readTranslationThrough(en, 'de', file).knowledge;
    expect(first?.byId.get('uk')).toBeDefined();
    const path = join(dir, 'i18n', 'de', 'entries', 'uk.yaml');
    const body = readFileSync(path, 'utf8');
    const title = /^title: (.*)$/m.exec(body)?.[1];
    expect(title).toBeTruthy();
    writeFileSync(path, body.replace(/^title: .*$/m, 'title: Ein neuer Titel'));
    const second = readTranslationThrough(en, 'de', file);
    expect(second.problems).toEqual([]);
    expect(second.knowledge?.byId.get('uk')?.title).toBe('Ein neuer Titel');
    // And the snapshot now holds the edited text.
    expect(
      fromTranslationSnapshot(
        JSON.parse(readFileSync(file, 'utf8')),
        'de',
        translationFingerprint(en, 'de'),
      )?.byId.get('uk')?.title,
    ).toBe('Ein neuer Titel');
  });

  it('a translation broken after a good read is reported by file and field, not served from the snapshot', () => {
    const dir = copyKnowledge();
    const en = loadKnowledge(dir);
    const file = join(tempDir('kb-tr-file-'), 'de.json');
    expect(readTranslationThrough(en, 'de', file).knowledge).toBeDefined();
    appendFileSync(join(dir, 'i18n', 'de', 'entries', 'lawsuit.yaml'), '\nbogusField: 1\n');
    const broken = readTranslationThrough(en, 'de', file);
    expect(broken.knowledge).toBeUndefined();
    expect(broken.problems.join('\n')).toMatch(/lawsuit\.yaml.*bogusField/);
  });

  it.each([
    ['empty', ''],
    ['cut off mid-write', JSON.stringify(toTranslationSnapshot(de, 'de', print)).slice(0, 5000)],
    ['not JSON at all', '\u0000\u0001 garbage'],
    [
      'JSON of another shape',
      JSON.stringify({ fingerprint: print, code: 'de', knowledge: { entries: 'x' } }),
    ],
    ['of another language', JSON.stringify(toTranslationSnapshot(de, 'fr', print))],
    ['from other files (another fingerprint)', JSON.stringify(toTranslationSnapshot(de, 'de', 'stale'))],
  ])('a snapshot file that is %s falls back to the full loader and is rewritten', (_name, body) => {
    const file = join(tempDir('kb-tr-file-'), 'de.json');
    writeFileSync(file, body);
    const read = readTranslationThrough(english, 'de', file);
    expect(read.problems).toEqual([]);
    expect(read.knowledge?.entries).toEqual(de.entries);
    expect(current(file)?.entries).toEqual(de.entries);
  });

  it('a snapshot that cannot be written still reads the translation', () => {
    const blocker = join(tempDir('kb-tr-file-'), 'a-file');
    writeFileSync(blocker, '');
    expect(readTranslationThrough(english, 'de', join(blocker, 'de.json')).knowledge?.entries).toEqual(
      de.entries,
    );
  });
});

describe('npm run ask, compiled, with the snapshots in dist/.cache', () => {
  it('answers in German from the snapshot, and in English once the translation is broken, never from the stale snapshot', () => {
    const dir = copyKnowledge();
    const ask = () =>
      spawnSync(
        process.execPath,
        ['dist/app/ask.js', '--json', 'Werden meine privaten Nachrichten genutzt?'],
        {
          encoding: 'utf8',
          timeout: 30_000,
          env: { PATH: process.env.PATH ?? '', KNOWLEDGE_DIR: dir },
        },
      );
    // `--json` carries the answer's text, not its language: the German and English answers' own words tell.
    const language = (r: ReturnType<typeof ask>) => {
      const text = String(JSON.parse(r.stdout).text);
      return /\bNachrichten\b/.test(text) ? 'de' : /\bmessages\b/.test(text) ? 'en' : text;
    };
    const first = ask();
    expect(first.status).toBe(0);
    expect(language(first)).toBe('de');
    const second = ask();
    expect(language(second)).toBe('de');
    expect(second.stderr).toBe('');
    appendFileSync(join(dir, 'i18n', 'de', 'entries', 'private-messages.yaml'), '\nbogusField: 1\n');
    const broken = ask();
    expect(broken.status).toBe(0);
    expect(language(broken)).toBe('en');
    // (`ask` logs errors only, so the translation's problems are not printed here; kb:check names them.)
  }, 120_000);
});
