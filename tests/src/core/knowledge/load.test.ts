import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultKnowledgeDir, KnowledgeError, loadKnowledge } from '../../../../src/core/knowledge/load.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-'));
  cpSync(defaultKnowledgeDir(), dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof KnowledgeError) return err.problems;
    throw err;
  }
  throw new Error('expected a KnowledgeError');
}

function edit(file: string, change: (s: string) => string) {
  const path = join(dir, file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

describe('loadKnowledge', () => {
  it('loads the shipped knowledge base with every entry sourced and facts resolved', () => {
    const kb = loadKnowledge(dir);
    expect(kb.entries.length).toBeGreaterThanOrEqual(26);
    for (const e of kb.entries) {
      expect(e.sources.length, e.id).toBeGreaterThan(0);
      expect(e.answer, e.id).not.toMatch(/\{\{\s*fact\./);
    }
    expect(kb.dates.start?.toISOString()).toBe('2025-11-03T00:00:00.000Z');
  });

  it('an entry missing its answer is reported with file, entry id and field', () => {
    edit('entries/private-messages.yaml', (s) => s.replace(/^answer:/m, 'answerr:'));
    const problems = problemsOf(() => loadKnowledge(dir));
    expect(problems.join('\n')).toMatch(
      /entries\/private-messages\.yaml \(entry "private-messages"\).*field "answer"/,
    );
  });

  it('a YAML syntax error is reported with the file and line', () => {
    edit('entries/lawsuit.yaml', (s) => `${s}\n  bad: [unclosed\n`);
    const problems = problemsOf(() => loadKnowledge(dir));
    expect(problems.join('\n')).toMatch(/entries\/lawsuit\.yaml line \d+: YAML syntax error/);
  });

  it('an unknown fact, follow-up, link or source is named', () => {
    edit('entries/direct-link.yaml', (s) => s.replace(/^title: .*$/m, 'title: "Link {{fact.noSuchFact}}"'));
    edit('entries/lawsuit.yaml', (s) => s.replace(/^followUps:\n/m, 'followUps:\n  - no-such-entry\n'));
    edit('entries/uk.yaml', (s) => s.replace(/^sources:\n/m, 'sources:\n  - no-such-source\n'));
    const text = problemsOf(() => loadKnowledge(dir)).join('\n');
    expect(text).toMatch(/direct-link\.yaml.*unknown fact\.noSuchFact/);
    expect(text).toMatch(/lawsuit\.yaml.*field "followUps\.0": unknown entry "no-such-entry"/);
    expect(text).toMatch(/uk\.yaml.*field "sources\.0": unknown source "no-such-source"/);
  });

  it('a non-https source URL is rejected naming the field', () => {
    edit('sources.yaml', (s) => s.replace('https://', 'http://'));
    expect(problemsOf(() => loadKnowledge(dir)).join('\n')).toMatch(
      /sources\.yaml.*must be an https:\/\/ URL/,
    );
  });

  it('a missing folder is a clear error, not a crash', () => {
    expect(problemsOf(() => loadKnowledge(join(dir, 'nope'))).join('\n')).toMatch(/facts\.yaml: cannot read/);
  });
});
