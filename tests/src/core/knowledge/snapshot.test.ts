import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultKnowledgeDir } from '../../../../src/core/knowledge/dir.js';
import { loadKnowledge } from '../../../../src/core/knowledge/load.js';
import { fingerprint, fromSnapshot, toSnapshot } from '../../../../src/core/knowledge/snapshot.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
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

  it('a snapshot of the wrong shape is refused rather than trusted', () => {
    const kb = loadKnowledge();
    const print = fingerprint(kb.dir);
    const snap = JSON.parse(JSON.stringify(toSnapshot(kb, print)));
    snap.knowledge.entries[0].phrasings = 'not a list';
    expect(fromSnapshot(snap, print)).toBeUndefined();
    expect(fromSnapshot(null, print)).toBeUndefined();
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
