import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultKnowledgeDir } from '../../../../src/core/knowledge/dir.js';
import { loadKnowledge } from '../../../../src/core/knowledge/load.js';
import {
  fingerprint,
  fromSnapshot,
  loadThroughSnapshot,
  toSnapshot,
} from '../../../../src/core/knowledge/snapshot.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-snap-file-'));
  dirs.push(dir);
  return dir;
}
function copyKnowledge(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-snap-'));
  dirs.push(dir);
  cpSync(defaultKnowledgeDir(), dir, { recursive: true });
  return dir;
}

describe('knowledge snapshot', () => {
  it('round-trips to the same knowledge', () => {
    const kb = loadKnowledge();
    const print = fingerprint(kb.dir);
    const back = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(kb, print))), print);
    expect(back?.entries).toEqual(kb.entries);
    expect(back?.dates.start?.getTime()).toBe(kb.dates.start?.getTime());
    expect([...(back?.synonyms ?? [])]).toEqual([...kb.synonyms]);
    expect(back?.byId.get('private-messages')?.id).toBe('private-messages');
  });

  it('any edit to a knowledge file changes the fingerprint, so the snapshot is not used', () => {
    const dir = copyKnowledge();
    const before = fingerprint(dir);
    appendFileSync(join(dir, 'entries', 'uk.yaml'), '\n# a comment\n');
    expect(fingerprint(dir)).not.toBe(before);
    const kb = loadKnowledge(dir);
    expect(
      fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(kb, before))), fingerprint(dir)),
    ).toBeUndefined();
  });

  describe('a stale or damaged snapshot is refused rather than trusted', () => {
    const kb = loadKnowledge();
    const print = fingerprint(kb.dir);
    type Snap = ReturnType<typeof toSnapshot>;
    // Copies, typed as written; the damage below goes through Reflect because it is what the type forbids.
    const fresh = (): Snap => structuredClone(toSnapshot(kb, print));
    const first = (snap: Snap) => {
      const entry = snap.knowledge.entries[0];
      if (!entry) throw new Error('the knowledge base has no entries');
      return entry;
    };

    it('while an intact one is accepted, and nothing that is not an object is', () => {
      expect(fromSnapshot(fresh(), print)?.entries).toEqual(kb.entries);
      for (const raw of [null, [], 'snapshot', 42]) expect(fromSnapshot(raw, print)).toBeUndefined();
    });

    it.each<[string, (snap: Snap) => unknown]>([
      ['phrasings that are not a list', (s) => Reflect.set(first(s), 'phrasings', 'not a list')],
      ['an entry without its file (an older shape)', (s) => Reflect.deleteProperty(first(s), 'file')],
      ['an entry with a field this build does not know', (s) => Reflect.set(first(s), 'extra', 1)],
      ['an entry without a kind (never defaulted)', (s) => Reflect.deleteProperty(first(s), 'kind')],
      ['a link without its url', (s) => Reflect.set(first(s), 'links', [{ label: 'Settings' }])],
      ['sources that are only ids', (s) => Reflect.set(first(s), 'sources', ['linkedin-help'])],
      ['a date that is not an ISO timestamp', (s) => Reflect.set(s.knowledge.dates, 'start', 'next Tuesday')],
      ['a synonym that is not a pair', (s) => Reflect.set(s.knowledge, 'synonyms', [['a', 'b', 'c']])],
      ['smalltalk without its fallback', (s) => Reflect.deleteProperty(s.knowledge.smalltalk, 'fallback')],
      ['no scope', (s) => Reflect.deleteProperty(s.knowledge, 'scope')],
    ])('%s', (_name, damage) => {
      const snap = fresh();
      expect(damage(snap)).toBe(true);
      expect(fromSnapshot(snap, print)).toBeUndefined();
    });
  });

  it('npm start validates again after an edit: a file broken after a good start stops the next start', () => {
    const dir = copyKnowledge();
    const run = () =>
      spawnSync(process.execPath, ['dist/app/main.js'], {
        input: 'quit\n',
        encoding: 'utf8',
        timeout: 15_000,
        env: { PATH: process.env.PATH ?? '', KNOWLEDGE_DIR: dir },
      });
    expect(run().status).toBe(0);
    appendFileSync(join(dir, 'entries', 'lawsuit.yaml'), '\nbogusField: 1\n');
    const broken = run();
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/lawsuit\.yaml.*bogusField/);
  });
});

describe('loading through a snapshot file', () => {
  const dir = defaultKnowledgeDir();
  const kb = loadKnowledge(dir);
  const print = fingerprint(dir);
  const current = (file: string) => fromSnapshot(JSON.parse(readFileSync(file, 'utf8')), print);

  it('writes a snapshot on a miss, and loads from it next time', async () => {
    const file = join(tempDir(), 'knowledge.json');
    expect((await loadThroughSnapshot(dir, file)).entries).toEqual(kb.entries);
    expect(current(file)?.entries).toEqual(kb.entries);
    // Proof the next load comes from the snapshot, not the files: a title changed only in the snapshot.
    const edited = structuredClone(toSnapshot(kb, print));
    const entry = edited.knowledge.entries[0];
    if (entry) entry.title = 'From the snapshot';
    writeFileSync(file, JSON.stringify(edited));
    expect((await loadThroughSnapshot(dir, file)).entries[0]?.title).toBe('From the snapshot');
  });

  it.each([
    ['empty', ''],
    ['cut off mid-write', JSON.stringify(toSnapshot(kb, print)).slice(0, 5000)],
    ['not JSON at all', '\u0000\u0001 garbage'],
    ['JSON of another shape', JSON.stringify({ fingerprint: print, knowledge: { entries: 'x' } })],
    ['from other files (another fingerprint)', JSON.stringify(toSnapshot(kb, 'stale'))],
  ])('a snapshot file that is %s falls back to the full loader and is rewritten', async (_name, body) => {
    const file = join(tempDir(), 'knowledge.json');
    writeFileSync(file, body);
    const loaded = await loadThroughSnapshot(dir, file);
    expect(loaded.entries).toEqual(kb.entries);
    expect(loaded.byId.get('private-messages')?.id).toBe('private-messages');
    expect(current(file)?.entries).toEqual(kb.entries);
  });

  it('a snapshot that cannot be written still loads the knowledge', async () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, '');
    const loaded = await loadThroughSnapshot(dir, join(blocker, 'knowledge.json'));
    expect(loaded.entries).toEqual(kb.entries);
  });
});
