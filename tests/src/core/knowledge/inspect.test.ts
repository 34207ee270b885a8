// kb:check's reports (inspectKnowledge) on small knowledge folders: what is a problem (fails kb:check),
// what is a warning (printed only), and that each names the file, the line and what to do.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/core/clock.js';
import { inspectKnowledge } from '../../../../src/core/knowledge/inspect.js';
import { MIN_PHRASINGS, STALE_AFTER_DAYS } from '../../../../src/core/knowledge/lint.js';
import { type Fixture, knowledgeFixture } from './kb-fixture.js';

let kb: Fixture;
beforeEach(() => {
  kb = knowledgeFixture();
});
afterEach(() => kb.remove());

const TODAY = new ManualClock('2026-12-01T12:00:00Z');
const inspect = (clock = TODAY) => inspectKnowledge(kb.dir, { clock });
const morePhrasings = (n: number) =>
  Array.from({ length: n }, (_, i) => `  - private messages question number ${i + 1}\n`).join('');

describe('kb:check problems', () => {
  it('the fixture has no problems, only warnings', () => {
    const r = inspect();
    expect(r.problems).toEqual([]);
    expect(r.knowledge?.entries).toHaveLength(2);
    expect(r.phrasings).toBe(8);
  });

  it('a collision names the other entry, the words shared with it and their weights, and its closest text', () => {
    kb.edit('entries/how-to-opt-out.yaml', (s) =>
      s.replace('phrasings:\n', 'phrasings:\n  - used dms for ai training\n'),
    );
    const [problem, ...rest] = inspect().problems;
    expect(rest).toEqual([]);
    const [head, shared, closest] = (problem ?? '').split('\n');
    expect(head).toMatch(
      /how-to-opt-out\.yaml \(entry "how-to-opt-out"\) line 6: "used dms for ai training" matches "private-messages" \(0\.\d\d\) before its own entry \(0\.\d\d\)$/,
    );
    // dms is a synonym of private messages: the shared words are the matcher's, weighed as it weighs them.
    expect(shared).toMatch(/^ {4}shared with "private-messages": .*privat \d\.\d{3}, .*messag \d\.\d{3}/);
    expect(shared).toMatch(/"privat messag" \d\.\d{3}/);
    expect(closest).toMatch(
      /^ {4}closest text of "private-messages": "are dms used for ai training" \(phrasing 0\.\d{3}, whole entry 0\.\d{3}\)$/,
    );
  });

  it('the same phrasing in two entries is a problem', () => {
    kb.edit('entries/how-to-opt-out.yaml', (s) =>
      s.replace('phrasings:\n', 'phrasings:\n  - Does LinkedIn read my inbox?\n'),
    );
    expect(inspect().problems.join('\n')).toMatch(
      /private-messages\.yaml \(entry "private-messages"\) line 7: "does linkedin read my inbox" duplicate: also a phrasing of "how-to-opt-out"/,
    );
  });

  it('a phrasing folded over two lines by an indentation slip is a problem naming both lines and the merged text', () => {
    kb.edit('entries/private-messages.yaml', (s) =>
      s.replace(
        '  - does linkedin read my inbox\n',
        '  - does linkedin read my inbox\n   - are my dms scanned\n',
      ),
    );
    const r = inspect();
    expect(r.problems).toContainEqual(
      expect.stringMatching(
        /private-messages\.yaml \(entry "private-messages"\) line 7: a phrasing spans lines 7-8 and reads "does linkedin read my inbox - are my dms scanned" \(an item indented too far joins the one above it\): keep each phrasing on one line$/,
      ),
    );
  });

  it('any phrasing over several lines is one, even without a dash', () => {
    kb.edit('entries/private-messages.yaml', (s) =>
      s.replace('  - does linkedin read my inbox\n', '  - does linkedin read\n    my inbox\n'),
    );
    expect(inspect().problems.join('\n')).toMatch(
      /line 7: a phrasing spans lines 7-8 .*YAML folds the lines into one phrasing/,
    );
  });

  it('a broken folder reports the loader problems and skips the matching gate', () => {
    kb.write('scope.yaml', 'policy: []\nai: [ai]\ndata: [posts]\n');
    const r = inspect();
    expect(r.knowledge).toBeUndefined();
    expect(r.problems).toEqual([expect.stringMatching(/scope\.yaml line 1 field "policy": /)]);
  });
});

describe('kb:check warnings', () => {
  it('a phrasing repeated within its entry (after normalising) is a warning naming the first one', () => {
    kb.edit('entries/private-messages.yaml', (s) =>
      s.replace(
        'phrasings:\n',
        'phrasings:\n  - are my private messages used 🤔\n  - Does LinkedIn read my INBOX?\n',
      ),
    );
    const r = inspect();
    expect(r.problems).toEqual([]);
    expect(r.warnings).toContainEqual(
      expect.stringMatching(
        /line 6: "are my private messages used 🤔" repeats the entry's question \(line 4\) after normalising/,
      ),
    );
    expect(r.warnings).toContainEqual(
      expect.stringMatching(
        /line 9: "does linkedin read my inbox" repeats "Does LinkedIn read my INBOX\?" \(line 7\)/,
      ),
    );
  });

  it(`an entry with fewer than ${MIN_PHRASINGS} phrasings is a warning; one with ${MIN_PHRASINGS} is not`, () => {
    kb.edit('entries/private-messages.yaml', (s) =>
      s.replace('phrasings:\n', `phrasings:\n${morePhrasings(12)}`),
    );
    const r = inspect();
    expect(r.problems).toEqual([]);
    const few = r.warnings.filter((w) => w.includes('the README asks for'));
    expect(few).toEqual([
      expect.stringMatching(
        /how-to-opt-out\.yaml \(entry "how-to-opt-out"\) line 5 field "phrasings": 3 phrasings, fewer than the 15 the README asks for/,
      ),
    ]);
  });

  it(`a source last checked over ${STALE_AFTER_DAYS} days before today is a warning, by the injected clock`, () => {
    // help-page was checked 2026-01-10, article 2026-11-20.
    const stale = (clock: ManualClock) => inspect(clock).warnings.filter((w) => w.includes('last checked'));
    expect(stale(TODAY)).toEqual([
      expect.stringMatching(
        /sources\.yaml line 5 \(source "help-page"\): last checked 2026-01-10, 325 days ago \(over 180\): check it still says what the entries cite, then update "checked"$/,
      ),
    ]);
    expect(stale(new ManualClock('2026-07-09T00:00:00Z'))).toEqual([]);
    expect(stale(new ManualClock('2026-07-10T00:00:00Z'))).toHaveLength(1);
    expect(inspect().problems).toEqual([]);
  });

  it('a checked date after today is a warning; a date that does not exist is a problem', () => {
    kb.edit('sources.yaml', (s) =>
      s
        .replace('checked: 2026-11-20', 'checked: 2062-11-20')
        .replace('checked: 2026-01-10', 'checked: 2026-02-30'),
    );
    const r = inspect();
    expect(r.warnings).toContainEqual(
      expect.stringMatching(/\(source "article"\): checked 2062-11-20, which is after today/),
    );
    expect(r.problems).toEqual([
      expect.stringMatching(
        /sources\.yaml line 5 \(source "help-page"\) field "checked": 2026-02-30 is not a real date/,
      ),
    ]);
  });
});
