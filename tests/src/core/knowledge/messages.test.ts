// The loader's messages on small knowledge folders: each slip named at its own file and line, in the
// schema's own words, and a broken file reported once rather than again in every file that refers to it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readKnowledge } from '../../../../src/core/knowledge/load.js';
import { type Fixture, knowledgeFixture } from './kb-fixture.js';

let kb: Fixture;
beforeEach(() => {
  kb = knowledgeFixture();
});
afterEach(() => kb.remove());

const problems = () => readKnowledge(kb.dir).problems;

describe('loader messages', () => {
  it('the fixture itself loads without problems', () => {
    const read = readKnowledge(kb.dir);
    expect(read.problems).toEqual([]);
    expect(read.knowledge?.entries.map((e) => e.id)).toEqual(['how-to-opt-out', 'private-messages']);
  });

  it('an unknown key is reported at its own line with the closest known key', () => {
    // Line 9 of private-messages.yaml is `answer:`.
    kb.edit('entries/private-messages.yaml', (s) => s.replace('answer:', 'answerr:'));
    const text = problems();
    expect(text).toContainEqual(
      expect.stringMatching(
        /entries\/private-messages\.yaml \(entry "private-messages"\) line 9: unknown key "answerr": did you mean "answer"\?$/,
      ),
    );
    // ...and the field it meant is still named as missing.
    expect(text).toContainEqual(expect.stringMatching(/field "answer": is missing \(expected string\)/));
  });

  it('an unknown key inside a nested object names the object; one unlike any known key lists them', () => {
    kb.edit('entries/how-to-opt-out.yaml', (s) =>
      s.replace(
        'topic: settings\n',
        'topic: settings\ntimeAware:\n  date: start\n  befor: a\n  after: b\nzzz: 1\n',
      ),
    );
    const text = problems().join('\n');
    expect(text).toMatch(
      /how-to-opt-out\.yaml \(entry "how-to-opt-out"\) line 5: unknown key "befor" in "timeAware": did you mean "before"\?/,
    );
    expect(text).toMatch(
      /line 7: unknown key "zzz": known keys: id, kind, topic, title, question, phrasings/,
    );
  });

  it("the schema's own message is shown with the file and line, whether the field is missing or empty", () => {
    kb.edit('entries/private-messages.yaml', (s) => s.replace(/^sources: .*\n/m, ''));
    kb.edit('entries/how-to-opt-out.yaml', (s) => s.replace(/^sources: .*$/m, 'sources: []'));
    kb.edit('entries/how-to-opt-out.yaml', (s) =>
      s.replace(/^phrasings:\n( {2}- .*\n)+/m, 'phrasings: [one, two]\n'),
    );
    const text = problems();
    // A missing field has no line of its own: the entry's first line stands for it.
    expect(text).toContainEqual(
      expect.stringMatching(
        /entries\/private-messages\.yaml \(entry "private-messages"\) line 1 field "sources": every entry names at least one source$/,
      ),
    );
    expect(text).toContainEqual(
      expect.stringMatching(
        /entries\/how-to-opt-out\.yaml \(entry "how-to-opt-out"\) line \d+ field "sources": every entry names at least one source$/,
      ),
    );
    expect(text).toContainEqual(
      expect.stringMatching(/line 5 field "phrasings": needs at least 3 phrasings$/),
    );
  });

  it('a record key that breaks its rule says the rule, not "invalid key"', () => {
    kb.edit(
      'sources.yaml',
      (s) => `${s}
Help_Page_2:
  title: Another page
  checked: 2026-01-10
`,
    );
    const text = problems().join('\n');
    expect(text).toMatch(
      /sources\.yaml line 10 field "Help_Page_2": the name "Help_Page_2" must be kebab-case/,
    );
    expect(text).not.toMatch(/Invalid key in record/);
  });
});

describe('a broken file is reported once', () => {
  it('a facts.yaml that does not parse is not also an "unknown fact", date or link in every entry', () => {
    kb.write('facts.yaml', 'dates: [\n');
    const text = problems();
    expect(text.length).toBeGreaterThan(0);
    expect(text.every((p) => p.includes('facts.yaml'))).toBe(true);
  });

  it('a facts.yaml that breaks the schema is not reported again in the entries', () => {
    kb.edit('facts.yaml', (s) => s.replace('start: 2025-11-03', 'begin: 2025-11-03'));
    const text = problems();
    expect(text).toEqual([expect.stringMatching(/facts\.yaml line 1 field "dates": must define `start`/)]);
  });

  it('a date facts.yaml reports as not real is not an unknown placeholder in the entries', () => {
    kb.edit('facts.yaml', (s) => s.replace('start: 2025-11-03', 'start: 2025-13-45'));
    const text = problems();
    expect(text).toEqual([expect.stringMatching(/facts\.yaml line 2 field "dates\.start": not a real date/)]);
  });

  it('a broken sources.yaml is not an "unknown source" in every entry', () => {
    kb.write('sources.yaml', 'article:\n  title: The article\n  checked: yesterday\n');
    const text = problems();
    expect(text).toEqual([
      expect.stringMatching(/sources\.yaml line 3 field "article\.checked": must be a date/),
    ]);
  });

  it('a broken entry file is not an "unknown entry" in the follow-ups that name it', () => {
    kb.write('entries/private-messages.yaml', 'id: private-messages\n  bad: [\n');
    const text = problems();
    expect(text.length).toBeGreaterThan(0);
    expect(text.every((p) => p.includes('private-messages.yaml'))).toBe(true);
    expect(text.join('\n')).not.toMatch(/unknown entry/);
  });

  it('a reference into a healthy file is still checked', () => {
    kb.edit('entries/private-messages.yaml', (s) =>
      s
        .replace('followUps: [how-to-opt-out]', 'followUps: [how-to-opt-out, no-such-entry]')
        .replace('sources: [article]', 'sources: [article, no-such-source]'),
    );
    const text = problems().join('\n');
    expect(text).toMatch(
      /private-messages\.yaml \(entry "private-messages"\) line 10 field "followUps\.1": unknown entry "no-such-entry"/,
    );
    expect(text).toMatch(/line 11 field "sources\.1": unknown source "no-such-source"/);
  });
});
