// Runs the compiled `kb:check` entry point (the global setup builds dist/): the shipped knowledge passes
// with warnings only; a problem fails it and is printed with the file and line.
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Fixture, knowledgeFixture } from '../src/core/knowledge/kb-fixture.js';

function check(dir = '') {
  const r = spawnSync(process.execPath, ['dist/app/kb-check.js'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, KNOWLEDGE_DIR: dir },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let kb: Fixture;
beforeEach(() => {
  kb = knowledgeFixture();
});
afterEach(() => kb.remove());

describe('npm run kb:check', () => {
  it('passes on the shipped knowledge base: no problems, and warnings do not fail it', () => {
    const r = check();
    expect(r.code, r.out).toBe(0);
    expect(r.out).not.toMatch(/^problems/m);
    expect(r.out).toMatch(
      /^kb:check: \d+ entries \(\d+ answers\), \d+ phrasings, 0 problems, \d+ warnings$/m,
    );
  });

  it('a small folder with warnings only exits 0 and lists them', () => {
    const r = check(kb.dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^warnings \(\d+\):$/m);
    expect(r.out).toMatch(
      /^ {2}.*private-messages\.yaml \(entry "private-messages"\) line 5 field "phrasings": 3 phrasings/m,
    );
    expect(r.out).toMatch(/kb:check: 2 entries \(2 answers\), 8 phrasings, 0 problems, \d+ warnings/);
  });

  it('a collision fails it, printed with the shared words under it', () => {
    kb.edit('entries/how-to-opt-out.yaml', (s) =>
      s.replace('phrasings:\n', 'phrasings:\n  - used dms for ai training\n'),
    );
    const r = check(kb.dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /^problems \(1\):\n {2}.*how-to-opt-out\.yaml \(entry "how-to-opt-out"\) line 6: "used dms for ai training" matches "private-messages"/m,
    );
    expect(r.out).toMatch(/^ {6}shared with "private-messages": /m);
  });

  it('a folder that does not load fails it with every loader problem, and says matching was not checked', () => {
    kb.edit('entries/private-messages.yaml', (s) => s.replace('answer:', 'answr:'));
    const r = check(kb.dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/line 9: unknown key "answr": did you mean "answer"\?/);
    expect(r.out).toMatch(
      /kb:check: the knowledge base does not load, so matching was not checked, 2 problems/,
    );
  });
});
