// combineWhy(): how a long message's asking clauses join the whole message's decision.
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../../src/core/knowledge/load.js';
import type { Entry } from '../../../../src/core/knowledge/types.js';
import { combineWhy } from '../../../../src/core/match/decide.js';
import type { MatchResult } from '../../../../src/core/match/options.js';

const knowledge = loadKnowledge();
const entry = (id: string): Entry => {
  const e = knowledge.entries.find((x) => x.id === id);
  if (!e) throw new Error(`no entry ${id}`);
  return e;
};
const uk = entry('uk');
const regions = entry('other-regions');
const regulation = entry('regulation');

function answeredUk(lead: number): MatchResult {
  return {
    status: 'answered',
    entry: uk,
    confidence: 0.5,
    ranked: [
      { entry: uk, score: 0.5 },
      { entry: regulation, score: 0.5 - lead },
    ],
    also: [],
    related: [],
  };
}

describe('combineWhy on a long message whose asking clause points elsewhere', () => {
  it('a clear whole-message answer stays answered and offers the clause entry as the follow-up', () => {
    const { result, rule } = combineWhy(answeredUk(0.3), [regions], true, [], 0.1);
    expect(rule).toBe('long-keeps-whole');
    expect(result.status).toBe('answered');
    if (result.status !== 'answered') return;
    expect(result.entry).toBe(uk);
    expect(result.related[0]).toBe(regions);
    expect(result.also).toEqual([]);
  });

  it('a narrow whole-message lead under longKeepLead asks "did you mean" with both', () => {
    const { result, rule } = combineWhy(answeredUk(0.05), [regions], true, [], 0.1);
    expect(rule).toBe('long-disagrees');
    expect(result.status).toBe('suggested');
    if (result.status !== 'suggested') return;
    expect(result.candidates).toEqual([uk, regions]);
  });

  it('with longKeepLead 0 (off) even a clear lead asks', () => {
    expect(combineWhy(answeredUk(0.3), [regions], true, [], 0).rule).toBe('long-disagrees');
  });

  it('a short message is never treated as long: the clause entry becomes the second part', () => {
    const { result, rule } = combineWhy(answeredUk(0.3), [regions], false, [], 0.1);
    expect(rule).toBe('second-part');
    expect(result.status === 'answered' && result.also).toEqual([regions]);
  });
});
